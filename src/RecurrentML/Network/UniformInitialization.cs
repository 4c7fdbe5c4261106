using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>torch's default initialisation of linear and recurrent weights, uniform in ±bound, drawn from a given
/// generator so that a seed gives the same weights whatever else runs in the process.</summary>
internal static class UniformInitialization
{
    public static void Fill(Tensor parameter, double bound, Generator generator)
    {
        // Scalars held in variables: TorchSharp passes a Scalar's handle to native code without keeping the Scalar alive,
        // so a temporary one can be finalised mid-call ("Unknown scalar type").
        using var width = (2 * bound).ToScalar();
        using var low = bound.ToScalar();
        using var draw = rand(parameter.shape, generator: generator);
        using var scaled = draw.mul(width);
        using var shifted = scaled.sub(low);
        parameter.copy_(shifted);
    }
}
