using TorchSharp;

namespace RecurrentML.Network;

/// <summary>
/// Scalars that live as long as the process. TorchSharp 0.107's one-argument <c>add</c> and <c>add_</c> call their
/// two-argument forms with a temporary Scalar 1 as alpha, which the collector may finalise during the native call (a
/// CI run died so in <c>add_</c>: "Expected false to be true" from <c>Scalar::toFloat</c>). Passing this alpha instead,
/// held by a static field, leaves nothing to finalise.
/// </summary>
internal static class HeldScalars
{
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>For fills with zero (index_fill_ takes a Scalar).</summary>
    public static readonly Scalar Zero = 0.ToScalar();
}
