using System.Diagnostics;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network.Kernels;

/// <summary>
/// Times one of libtorch's LSTM kernels on a layer call of a given shape and size: a random layer reads a random
/// batch of that size (its length capped at <see cref="MaxSteps"/>: time grows with the steps alike for every kernel,
/// so the order stays) once to warm up and <see cref="Repeats"/> times measured; with gradients each call includes
/// backward. Why measure: which kernel is fastest depends on the CPU, the libtorch build and the shape, and fixed rules
/// measured once were seen to be wrong (the measure 8: oneDNN 51.3 against the generic kernel's 64.0 ms a step
/// on an AVX-512 machine, where the earlier rule said the opposite).
/// </summary>
internal sealed class LstmKernelTimer
{
    public const int Repeats = 3, MaxSteps = 200;

    /// <summary>The median milliseconds of one call (forward, plus backward with <paramref name="gradients"/>).</summary>
    public double Milliseconds(LstmLayerShape shape, bool gradients, LstmKernel kernel, LstmCallSize size)
    {
        using var heldAsSet = kernel == LstmKernel.OneDnn ? TorchMkldnnSwitch.HoldAsSet() : default;
        using var scope = NewDisposeScope();
        using var generator = new Generator(LstmKernelProbe.Seed, CPU);
        using var layer = LstmKernelProbe.CreateLayer(shape);
        var steps = randn(new[] { Math.Min(size.Steps, MaxSteps), size.Rows, shape.InputSize }, generator: generator);
        var times = new double[Repeats];
        for (int run = -1; run < Repeats; run++)
        {
            using var callScope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            using (enable_grad(gradients))
            {
                var outputs = LstmKernels.Run(layer, steps, kernel).Outputs;
                if (gradients) outputs.sum().backward();
            }
            if (run >= 0) times[run] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[Repeats / 2];
    }
}
