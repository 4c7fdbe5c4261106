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
        using var draw = rand(input.shape, dtype: input.dtype, device: input.device, generator: generator);
        using var keep = draw.ge(probability);
        return input.mul(keep).div(1 - probability);
    }
}
