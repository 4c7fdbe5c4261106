using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Characters;

/// <summary>
/// A 1-D convolution with zero padding of width / 2 on both sides (odd width: one window centred on each step),
/// computed as each step's window of inputs times one matrix rather than by torch's <c>conv1d</c>: on an AVX-512 CPU
/// libtorch 2.10's oneDNN <c>conv1d</c> gave outputs off by up to 17 for 25 and 30 input channels, and input gradients
/// off by up to 16 for 4, 25 and 30, whenever the batch held more than one row (docs/platform-notes.md). The windows
/// take a matrix product, which runs on BLAS. Weights as torch's Conv1d has them: <c>weight</c>
/// [filters, input, width] and <c>bias</c> [filters].
/// </summary>
internal sealed class WindowConvolution : nn.Module<Tensor, Tensor>
{
    // Field names are the parameter names (RegisterComponents).
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly int _width;

    public WindowConvolution(int inputSize, int filters, int width) : base(nameof(WindowConvolution))
    {
        if (width < 1 || width % 2 == 0) throw new ArgumentOutOfRangeException(nameof(width), width, $"Width is {width}; expected an odd number of steps.");
        _width = width;
        weight = new Parameter(zeros(filters, inputSize, width));
        bias = new Parameter(zeros(filters));
        RegisterComponents();
    }

    /// <summary>[batch, steps, input] → [batch, steps, filters]: step t's output reads input steps t − width/2 to
    /// t + width/2, zero outside the sequence.</summary>
    public override Tensor forward(Tensor steps)
    {
        int half = _width / 2;
        var padded = nn.functional.pad(steps, new long[] { 0, 0, half, half });
        // [batch, steps, input, width]: windows[b, t, i, k] = padded[b, t + k, i], laid out as weight[f, i, k].
        var windows = padded.unfold(1, _width, 1);
        return windows.flatten(2).matmul(weight.flatten(1).t()).add(bias, HeldScalars.One);
    }
}
