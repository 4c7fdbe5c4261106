using RecurrentML.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace RecurrentML.Tests.Training;

/// <summary>The library's Adam against the update written out in doubles, and against TorchSharp's own Adam (which it
/// replaces because that one lets temporary Scalars be finalised mid-call): same weights after several steps, with
/// weight decay and two groups learning at different rates.</summary>
public class AdamOptimizerTests
{
    private static readonly float[] Start = { 0.5f, -1.25f, 2f };
    private static readonly float[][] Gradients = { new[] { 0.3f, -0.2f, 1.5f }, new[] { -0.1f, 0.4f, 0.05f }, new[] { 0.2f, 0f, -2f } };

    [Fact]
    public void A_step_is_the_Adam_update_written_out()
    {
        const double learningRate = 0.01, weightDecay = 0.1;
        using var parameter = new Parameter(tensor(Start));
        using var optimizer = new AdamOptimizer(new[] { parameter }, learningRate, weightDecay);
        foreach (var gradient in Gradients) Step(optimizer, parameter, gradient);

        var expected = Start.Select(v => (double)v).ToArray();
        var mean = new double[3];
        var square = new double[3];
        for (int t = 1; t <= Gradients.Length; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                double g = Gradients[t - 1][i] + weightDecay * expected[i];
                mean[i] = 0.9 * mean[i] + 0.1 * g;
                square[i] = 0.999 * square[i] + 0.001 * g * g;
                double denominator = Math.Sqrt(square[i]) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8;
                expected[i] -= learningRate / (1 - Math.Pow(0.9, t)) * mean[i] / denominator;
            }
        }
        var actual = parameter.detach().data<float>().ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void Two_groups_and_weight_decay_give_the_weights_TorchSharps_Adam_gives()
    {
        using var fast = new Parameter(tensor(Start));
        using var slow = new Parameter(tensor(Start));
        using var referenceFast = new Parameter(tensor(Start));
        using var referenceSlow = new Parameter(tensor(Start));
        using var optimizer = new AdamOptimizer(new (IEnumerable<Parameter>, double)[] { (new[] { fast }, 1.0), (new[] { slow }, 0.1) }, 0.05, 0.01);
        using var reference = optim.Adam(new[]
        {
            new Adam.ParamGroup(new[] { referenceFast }, new Adam.Options { LearningRate = 0.05 }),
            new Adam.ParamGroup(new[] { referenceSlow }, new Adam.Options { LearningRate = 0.005 }),
        }, 0.05, weight_decay: 0.01);

        foreach (var gradient in Gradients)
        {
            Step(optimizer, fast, gradient, slow);
            using var scope = NewDisposeScope();
            reference.zero_grad();
            Loss(referenceFast, gradient).add(Loss(referenceSlow, gradient)).backward();
            reference.step();
        }

        Assert.Equal(referenceFast.detach().data<float>().ToArray(), fast.detach().data<float>().ToArray());
        Assert.Equal(referenceSlow.detach().data<float>().ToArray(), slow.detach().data<float>().ToArray());
        Assert.NotEqual(fast.detach().data<float>().ToArray(), slow.detach().data<float>().ToArray());
    }

    [Fact]
    public void A_weight_without_a_gradient_stays_and_the_learning_rate_can_change()
    {
        using var moving = new Parameter(tensor(Start));
        using var frozen = new Parameter(tensor(Start), requires_grad: false);
        using var optimizer = new AdamOptimizer(new[] { moving, frozen }, 0.01);
        optimizer.LearningRate = 0;
        Step(optimizer, moving, Gradients[0]);
        Assert.Equal(Start, moving.detach().data<float>().ToArray());
        optimizer.LearningRate = 0.01;
        Step(optimizer, moving, Gradients[1]);
        Assert.NotEqual(Start, moving.detach().data<float>().ToArray());
        Assert.Equal(Start, frozen.detach().data<float>().ToArray());
    }

    /// <summary>One step whose gradient for every given weight is <paramref name="gradient"/>.</summary>
    private static void Step(AdamOptimizer optimizer, Parameter parameter, float[] gradient, Parameter other = null)
    {
        using var scope = NewDisposeScope();
        optimizer.ZeroGrad();
        var loss = Loss(parameter, gradient);
        if (other is not null) loss = loss.add(Loss(other, gradient));
        loss.backward();
        optimizer.Step();
    }

    /// <summary>A loss whose gradient with respect to <paramref name="parameter"/> is <paramref name="gradient"/>.</summary>
    private static Tensor Loss(Parameter parameter, float[] gradient) => parameter.mul(tensor(gradient)).sum();
}
