using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// Inverted dropout drawing its mask from a given generator. torch's own dropout draws from the process-wide
/// generator, which any other torch user in the process advances; a training-owned generator keeps a seed's result
/// the same whatever else runs.
/// </summary>
internal static class SeededDropout
{
    public static Tensor Apply(Tensor input, double probability, Generator generator)
    {
        if (probability <= 0) return input;
        // Scalars held in variables: TorchSharp passes a Scalar's handle to native code without keeping the Scalar
        // alive, and a temporary one finalised mid-call failed a training run with "Unknown scalar type".
        using var threshold = probability.ToScalar();
        using var scale = (1 - probability).ToScalar();
        using var draw = rand(input.shape, dtype: input.dtype, device: input.device, generator: generator);
        using var keep = draw.ge(threshold);
        return input.mul(keep).div(scale);
    }
}
