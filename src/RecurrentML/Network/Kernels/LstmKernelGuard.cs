using System.Collections.Concurrent;
using System.Globalization;

namespace RecurrentML.Network.Kernels;

/// <summary>
/// Chooses, once per layer shape and per mode (with or without gradients) in a process, the kernel that runs a dense
/// LSTM layer call: of the kernels <see cref="LstmKernelProbe"/> finds within <see cref="Tolerance"/> of the LSTM
/// equations, the one <see cref="LstmKernelTimer"/> times fastest on the first call's size. Why check: libtorch 2.10's
/// oneDNN LSTM inference kernel computes another function for most hidden sizes on some AVX-512 CPUs (differences of
/// 0.04 to 1.8), and which CPU a model meets is not known in advance. Why time: which right kernel is fastest changes
/// with the CPU, the shape and the mode, and a fixed order measured once was seen to be wrong. A kernel that is not
/// right is never used, however fast; when none is, the call fails instead of returning wrong encodings. Each choice
/// is reported once, with the timings, through the log of whichever call made it.
/// </summary>
internal sealed class LstmKernelGuard
{
    /// <summary>Largest difference from the equations accepted, on outputs and on scaled gradients. Right kernels
    /// measured within 5e-7 of the float64 equations; the faulty one at least 0.04 off.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The guard every network uses unless given another: the real probe and timer, on this machine's CPU.</summary>
    public static LstmKernelGuard Process { get; } = new(new LstmKernelProbe().Deviation, new LstmKernelTimer().Milliseconds);

    /// <summary>The kernels there are; the order breaks ties and orders the messages.</summary>
    private static readonly LstmKernel[] Kernels = { LstmKernel.OneDnn, LstmKernel.Generic, LstmKernel.Packed };

    private readonly Func<LstmLayerShape, bool, LstmKernel, double?> _deviation;
    private readonly Func<LstmLayerShape, bool, LstmKernel, LstmCallSize, double> _milliseconds;
    private readonly ConcurrentDictionary<(LstmLayerShape Shape, bool Gradients), LstmKernel> _chosen = new();
    private readonly object _gate = new();

    /// <param name="deviation">The difference of a kernel from the equations for a shape and mode, null where it
    /// cannot run (<see cref="LstmKernelProbe.Deviation"/>); tests inject disagreements here.</param>
    /// <param name="milliseconds">The time of one call of a kernel for a shape, mode and size
    /// (<see cref="LstmKernelTimer.Milliseconds"/>); tests inject speeds here. Called only when two kernels or more are right.</param>
    public LstmKernelGuard(Func<LstmLayerShape, bool, LstmKernel, double?> deviation, Func<LstmLayerShape, bool, LstmKernel, LstmCallSize, double> milliseconds)
    {
        _deviation = deviation;
        _milliseconds = milliseconds;
    }

    /// <summary>The kernel for a layer of <paramref name="shape"/> called with or without gradients; the first call
    /// of a shape and mode decides, timing the right kernels on a call of <paramref name="size"/>. A new choice is
    /// described to <paramref name="log"/>, if given.</summary>
    public LstmKernel Choose(LstmLayerShape shape, bool gradients, LstmCallSize size, Action<string> log)
    {
        var key = (shape, gradients);
        if (_chosen.TryGetValue(key, out var known)) return known;
        lock (_gate)
        {
            if (_chosen.TryGetValue(key, out known)) return known;
            var right = new List<(LstmKernel Kernel, double Deviation)>();
            var rejected = new List<string>();
            foreach (var kernel in Kernels)
            {
                double? deviation = _deviation(shape, gradients, kernel);
                if (deviation <= Tolerance) right.Add((kernel, deviation.Value));
                else rejected.Add(deviation is null
                    ? $"{LstmKernels.Describe(kernel)} is not available in this libtorch"
                    : $"{LstmKernels.Describe(kernel)} differs from the LSTM equations by {deviation.Value:G3}");
            }
            if (right.Count == 0)
                throw new InvalidOperationException(
                    $"No LSTM kernel of this libtorch computes the LSTM equations on this CPU for a layer with {shape} {Mode(gradients)}: " +
                    $"{string.Join("; ", rejected)}. Use a GRU or an RNN, or another hidden size.");
            var timed = right.Count == 1
                ? null
                : right.Select(r => (r.Kernel, Milliseconds: _milliseconds(shape, gradients, r.Kernel, size))).ToList();
            var chosen = timed?.MinBy(t => t.Milliseconds).Kernel ?? right[0].Kernel;
            _chosen[key] = chosen;
            log?.Invoke(Describe(shape, gradients, size, chosen, right.Max(r => r.Deviation), timed, rejected));
            return chosen;
        }
    }

    private static string Describe(LstmLayerShape shape, bool gradients, LstmCallSize size, LstmKernel chosen, double deviation,
        List<(LstmKernel Kernel, double Milliseconds)> timed, List<string> rejected)
    {
        string why = timed is null
            ? "the only kernel that is right here"
            : $"the fastest of the right kernels on a call of {size}: " +
              string.Join(", ", timed.Select(t => $"{LstmKernels.Describe(t.Kernel)} {t.Milliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms"));
        string wrong = rejected.Count > 0 ? $"; {string.Join("; ", rejected)} on this CPU" : "";
        return $"LSTM layer with {shape}, {Mode(gradients)}: {LstmKernels.Describe(chosen)}, {why} " +
               $"(right kernels within {deviation:G2} of the LSTM equations{wrong}).";
    }

    private static string Mode(bool gradients) => gradients ? "training (with gradients)" : "scoring (without gradients)";
}
