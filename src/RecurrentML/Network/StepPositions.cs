using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Step positions of a time-major batch, and which of them hold a row's real steps.</summary>
internal static class StepPositions
{
    /// <summary>0, 1, …, <paramref name="count"/> − 1 as int64 on <paramref name="device"/>.</summary>
    public static Tensor Of(long count, Device device)
    {
        // TorchSharp's arange(stop) makes its start and step as temporary Scalars, which the collector may finalise
        // during the native call (see UniformInitialization); all three are held here.
        using Scalar start = 0L, stop = count, step = 1L;
        return arange(start, stop, step, ScalarType.Int64, device);
    }

    /// <summary>[steps, batch], true at the steps before each row's length in <paramref name="lengths"/> [batch].</summary>
    public static Tensor Valid(long steps, Tensor lengths, Device device) =>
        Of(steps, device).unsqueeze(1).lt(lengths.to(device).unsqueeze(0));
}
