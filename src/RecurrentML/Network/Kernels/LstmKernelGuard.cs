using System.Collections.Concurrent;
using System.Runtime.Intrinsics.X86;

namespace RecurrentML.Network.Kernels;

/// <summary>
/// Chooses, once per layer shape and per mode (with or without gradients) in a process, the kernel that runs a dense
/// LSTM layer call: the fastest kernel for this CPU that <see cref="LstmKernelProbe"/> finds within
/// <see cref="Tolerance"/> of the LSTM equations. Why: libtorch 2.10's oneDNN LSTM inference kernel computes another
/// function for most hidden sizes on some AVX-512 CPUs (differences of 0.04 to 1.8), and which CPU a model meets is
/// not known in advance. A kernel that is not right is never used; when none is, the call fails instead of returning
/// wrong encodings. Each choice is reported once, through the log of whichever call made it.
/// </summary>
internal sealed class LstmKernelGuard
{
    /// <summary>Largest difference from the equations accepted, on outputs and on scaled gradients. Right kernels
    /// measured within 5e-7 of the float64 equations; the faulty one at least 0.04 off.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The guard every network uses unless given another: the real probe, on this machine's CPU.</summary>
    public static LstmKernelGuard Process { get; } = new(new LstmKernelProbe().Deviation, Avx512F.IsSupported);

    private readonly Func<LstmLayerShape, bool, LstmKernel, double?> _deviation;
    private readonly bool _avx512;
    private readonly ConcurrentDictionary<(LstmLayerShape Shape, bool Gradients), LstmKernel> _chosen = new();
    private readonly object _gate = new();

    /// <param name="deviation">The difference of a kernel from the equations for a shape and mode, null where it
    /// cannot run (<see cref="LstmKernelProbe.Deviation"/>); tests inject disagreements here.</param>
    /// <param name="avx512">Whether the CPU has AVX-512, which decides which kernel is fastest.</param>
    public LstmKernelGuard(Func<LstmLayerShape, bool, LstmKernel, double?> deviation, bool avx512)
    {
        _deviation = deviation;
        _avx512 = avx512;
    }

    /// <summary>
    /// The kernels to try, fastest first, as measured in bench/README.md. With gradients on an AVX-512 CPU ATen's
    /// generic LSTM trains faster than oneDNN's (hidden 128: 85 against 146 ms for a batch's forward and backward);
    /// everywhere else oneDNN is fastest (scoring on AVX-512: 24 against 39 ms for 128 rows of 70 steps; training on
    /// AVX2: 94 against 117 ms). Packed sequences come last: slowest, but they need no native switch.
    /// </summary>
    public IReadOnlyList<LstmKernel> Preference(bool gradients) => gradients && _avx512
        ? new[] { LstmKernel.Generic, LstmKernel.OneDnn, LstmKernel.Packed }
        : new[] { LstmKernel.OneDnn, LstmKernel.Generic, LstmKernel.Packed };

    /// <summary>The kernel for a layer of <paramref name="shape"/> called with or without gradients. A new choice is
    /// described to <paramref name="log"/>, if given.</summary>
    public LstmKernel Choose(LstmLayerShape shape, bool gradients, Action<string> log)
    {
        var key = (shape, gradients);
        if (_chosen.TryGetValue(key, out var known)) return known;
        lock (_gate)
        {
            if (_chosen.TryGetValue(key, out known)) return known;
            var rejected = new List<string>();
            foreach (var kernel in Preference(gradients))
            {
                double? deviation = _deviation(shape, gradients, kernel);
                if (deviation <= Tolerance)
                {
                    _chosen[key] = kernel;
                    log?.Invoke(Describe(shape, gradients, kernel, deviation.Value, rejected));
                    return kernel;
                }
                rejected.Add(deviation is null
                    ? $"{LstmKernels.Describe(kernel)} is not available in this libtorch"
                    : $"{LstmKernels.Describe(kernel)} differs from the LSTM equations by {deviation.Value:G3}");
            }
            throw new InvalidOperationException(
                $"No LSTM kernel of this libtorch computes the LSTM equations on this CPU for a layer with {shape} {Mode(gradients)}: " +
                $"{string.Join("; ", rejected)}. Use a GRU or an RNN, or another hidden size.");
        }
    }

    private string Describe(LstmLayerShape shape, bool gradients, LstmKernel kernel, double deviation, List<string> rejected)
    {
        string why = rejected.Count > 0
            ? $"{string.Join("; ", rejected)} on this CPU"
            : $"the fastest kernel on {(_avx512 ? "AVX-512" : "non-AVX-512")} CPUs";
        return $"LSTM layer with {shape}, {Mode(gradients)}: {LstmKernels.Describe(kernel)} (within {deviation:G2} of the LSTM equations; {why}).";
    }

    private static string Mode(bool gradients) => gradients ? "training (with gradients)" : "scoring (without gradients)";
}
