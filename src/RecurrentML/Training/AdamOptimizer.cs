using RecurrentML.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) with the L2 penalty added to the gradient, over groups of weights whose learning rates
/// are <see cref="LearningRate"/> times the group's factor. Why not TorchSharp's <c>optim.Adam</c>: in 0.107 its step
/// hands temporary Scalars (β, ε, the step size) to native calls without keeping them alive, and a CI run died when
/// the collector finalised one inside <c>addcmul_</c> ("Expected false to be true" from <c>Scalar::toFloat</c>).
/// Here every Scalar is a <c>using</c> variable for the whole call. The arithmetic, its order and the constants
/// (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) are TorchSharp's, which this library's defaults were chosen with, so a training
/// with this optimizer gives the weights TorchSharp's Adam gave.
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly Parameter[][] _groups;
    private readonly double[] _factors;
    private readonly Moments[][] _moments;
    private readonly double _weightDecay;

    /// <summary>One group: every weight learns at <paramref name="learningRate"/>.</summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0)
        : this(new[] { (parameters, 1.0) }, learningRate, weightDecay)
    {
    }

    /// <summary>Groups of weights, each learning at <paramref name="learningRate"/> times its factor.</summary>
    public AdamOptimizer(IEnumerable<(IEnumerable<Parameter> Parameters, double LearningRateFactor)> groups, double learningRate, double weightDecay)
    {
        if (learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "A learning rate cannot be negative.");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "A weight decay cannot be negative.");
        var list = groups.ToArray();
        _groups = list.Select(g => g.Parameters.ToArray()).ToArray();
        _factors = list.Select(g => g.LearningRateFactor).ToArray();
        _moments = _groups.Select(g => new Moments[g.Length]).ToArray();
        _weightDecay = weightDecay;
        LearningRate = learningRate;
    }

    /// <summary>The learning rate of the steps that follow (a group's is this times its factor).</summary>
    public double LearningRate { get; set; }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in _groups.SelectMany(g => g))
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>Moves every weight that has a gradient by one Adam update.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Scalar beta1 = Beta1, oneMinusBeta1 = 1 - Beta1, beta2 = Beta2, oneMinusBeta2 = 1 - Beta2, epsilon = Epsilon;
        using Scalar weightDecay = _weightDecay;
        for (int g = 0; g < _groups.Length; g++)
        {
            double learningRate = LearningRate * _factors[g];
            for (int i = 0; i < _groups[g].Length; i++)
            {
                var parameter = _groups[g][i];
                var grad = parameter.grad;
                if (grad is null) continue;
                var moments = _moments[g][i] ??= new Moments(parameter);
                moments.Steps++;
                double correction1 = 1 - Math.Pow(Beta1, moments.Steps);
                double correction2 = 1 - Math.Pow(Beta2, moments.Steps);
                if (_weightDecay != 0) grad = grad.add(parameter, weightDecay);
                moments.Mean.mul_(beta1).add_(grad, oneMinusBeta1);
                moments.Square.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                using Scalar rootCorrection2 = Math.Sqrt(correction2), stepSize = -learningRate / correction1;
                var denominator = moments.Square.sqrt().div_(rootCorrection2).add_(epsilon, HeldScalars.One);
                parameter.addcdiv_(moments.Mean, denominator, stepSize);
            }
        }
    }

    public void Dispose()
    {
        foreach (var moments in _moments.SelectMany(m => m)) moments?.Dispose();
    }

    /// <summary>A weight's running means of its gradient and squared gradient, and how many updates made them.</summary>
    private sealed class Moments : IDisposable
    {
        public Moments(Parameter parameter)
        {
            Mean = zeros_like(parameter).DetachFromDisposeScope();
            Square = zeros_like(parameter).DetachFromDisposeScope();
        }

        public Tensor Mean { get; }
        public Tensor Square { get; }
        public long Steps { get; set; }

        public void Dispose()
        {
            Mean.Dispose();
            Square.Dispose();
        }
    }
}
