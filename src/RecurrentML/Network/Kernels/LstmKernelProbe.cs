using RecurrentML.Interop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Kernels;

/// <summary>
/// Measures how far one of libtorch's LSTM kernels is from the LSTM equations for one layer shape: a layer of that
/// shape with random weights reads a small random batch through the kernel and through <see cref="LstmEquations"/>
/// (float64). Without gradients it compares the outputs; with gradients also the gradients of a random projection of
/// the outputs with respect to the input and to every weight (scaled by the largest reference gradient, at least 1),
/// since training needs those too. Everything is drawn from its own seeded generator, so the same shape always gets the
/// same probe.
/// </summary>
internal sealed class LstmKernelProbe
{
    // The wrong kernels seen differ at every batch size and length tried (1 to 200 rows, 1 to 100 steps); a small
    // probe keeps the check to milliseconds.
    private const int Steps = 5, Rows = 2;
    public const ulong Seed = 20261202;

    private readonly Func<LSTM, Tensor, LstmKernel, Tensor> _run;

    /// <param name="run">Runs a layer on a kernel and returns its outputs; tests inject faulty kernels here.</param>
    public LstmKernelProbe(Func<LSTM, Tensor, LstmKernel, Tensor> run = null) =>
        _run = run ?? ((layer, steps, kernel) => LstmKernels.Run(layer, steps, kernel).Outputs);

    /// <summary>The largest difference found, or null when this libtorch cannot run <paramref name="kernel"/>.</summary>
    public double? Deviation(LstmLayerShape shape, bool gradients, LstmKernel kernel)
    {
        if (kernel == LstmKernel.Generic && !TorchMkldnnSwitch.IsAvailable) return null;
        // Another thread's generic call turns oneDNN off process-wide; the oneDNN kernel must be measured as it is.
        using var heldAsSet = kernel == LstmKernel.OneDnn ? TorchMkldnnSwitch.HoldAsSet() : default;
        using var scope = NewDisposeScope();
        using var generator = new Generator(Seed, CPU);
        using var layer = CreateLayer(shape);
        // Weights scaled so that the gates' inputs are of order 1: saturated gates would hide a wrong kernel.
        double bound = 1 / Math.Sqrt(shape.InputSize + shape.HiddenSize);
        using (no_grad())
        {
            foreach (var parameter in layer.parameters()) UniformInitialization.Fill(parameter, bound, generator);
        }
        var steps = randn(new long[] { Steps, Rows, shape.InputSize }, generator: generator);
        var projection = randn(new long[] { Steps, Rows, shape.HiddenSize * (shape.Bidirectional ? 2 : 1) }, float64, generator: generator);

        var weights = layer.parameters().ToArray();
        var exactWeights = weights.Select(w => w.detach().to(float64).requires_grad_(gradients)).ToArray();
        var exactSteps = steps.to(float64).requires_grad_(gradients);
        Tensor exact, actual;
        using (enable_grad(gradients))
        {
            exact = LstmEquations.Run(exactSteps, Directions(exactWeights));
            if (gradients) steps.requires_grad_(true);
            actual = _run(layer, steps, kernel);
        }
        double deviation = MaxDifference(actual, exact, 1);
        if (!gradients) return deviation;

        exact.mul(projection).sum().backward();
        actual.to(float64).mul(projection).sum().backward();
        foreach (var (kernelLeaf, exactLeaf) in weights.Prepend(steps).Zip(exactWeights.Prepend(exactSteps)))
        {
            double scale = Math.Max(1, exactLeaf.grad.abs().max().item<double>());
            deviation = Math.Max(deviation, kernelLeaf.grad is null ? double.PositiveInfinity : MaxDifference(kernelLeaf.grad, exactLeaf.grad, scale));
        }
        return deviation;
    }

    /// <summary>A layer of <paramref name="shape"/> with torch's default weights. Creating a module draws them from torch's
    /// process-wide generator, which is put back as it was, so that probing leaves the process's random draws alone.</summary>
    public static LSTM CreateLayer(LstmLayerShape shape)
    {
        var processGenerator = get_rng_state();
        var layer = nn.LSTM(shape.InputSize, shape.HiddenSize, bidirectional: shape.Bidirectional);
        set_rng_state(processGenerator);
        return layer;
    }

    /// <summary>torch's parameter order per direction: weight_ih, weight_hh, bias_ih, bias_hh.</summary>
    private static List<LstmDirectionWeights> Directions(Tensor[] weights) =>
        weights.Chunk(4).Select(w => new LstmDirectionWeights(w[0], w[1], w[2], w[3])).ToList();

    /// <summary>Largest absolute difference over <paramref name="scale"/>; infinite where anything is not finite.</summary>
    private static double MaxDifference(Tensor actual, Tensor exact, double scale)
    {
        double difference = actual.detach().to(float64).sub(exact.detach()).abs().max().item<double>() / scale;
        return double.IsFinite(difference) ? difference : double.PositiveInfinity;
    }
}
