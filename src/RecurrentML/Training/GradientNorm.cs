using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>The global L2 norm of the weights' gradients, measured whether or not they are clipped, so that a
/// non-finite gradient is seen before the optimizer applies it.</summary>
internal static class GradientNorm
{
    /// <summary>Rescales the gradients of <paramref name="parameters"/> to a global norm of at most
    /// <paramref name="clipNorm"/> (0: no clipping) and returns their norm before clipping.</summary>
    public static double ClipAndMeasure(IReadOnlyList<Parameter> parameters, double clipNorm)
    {
        if (clipNorm > 0) return nn.utils.clip_grad_norm_(parameters, clipNorm);
        using var scope = NewDisposeScope();
        var norms = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g.norm()).ToArray();
        return norms.Length == 0 ? 0 : stack(norms).norm().item<float>();
    }
}
