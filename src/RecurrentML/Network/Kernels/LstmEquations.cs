using static TorchSharp.torch;

namespace RecurrentML.Network.Kernels;

/// <summary>One direction's LSTM weights as torch holds them: gate blocks in the order input, forget, candidate,
/// output; W_ih [4H, input], W_hh [4H, H], two biases [4H] that add up.</summary>
internal sealed record LstmDirectionWeights(Tensor InputWeights, Tensor HiddenWeights, Tensor InputBias, Tensor HiddenBias);

/// <summary>
/// The LSTM equations written out with elementary tensor operations, step by step (no fused kernel), so that autograd
/// gives their exact gradients. The reference that <see cref="LstmKernelProbe"/> holds libtorch's kernels to; run in
/// float64, its own rounding is far below the tolerance.
///   i = σ(W_ii x + b_ii + W_hi h + b_hi)   f = σ(W_if x + b_if + W_hf h + b_hf)
///   g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
///   c' = f c + i g                          h' = o tanh(c')
/// </summary>
internal static class LstmEquations
{
    /// <summary>Outputs [steps, batch, directions * hidden] of one layer over time-major <paramref name="steps"/>
    /// [steps, batch, input], from zero initial states; the second direction, if given, reads the steps backwards.</summary>
    public static Tensor Run(Tensor steps, IReadOnlyList<LstmDirectionWeights> directions)
    {
        var outputs = directions.Select((weights, direction) => Direction(steps, weights, reverse: direction == 1)).ToArray();
        return cat(outputs, 2);
    }

    private static Tensor Direction(Tensor steps, LstmDirectionWeights weights, bool reverse)
    {
        long count = steps.shape[0], batch = steps.shape[1], hidden = weights.HiddenWeights.shape[1];
        var h = zeros(new[] { batch, hidden }, steps.dtype);
        var c = zeros(new[] { batch, hidden }, steps.dtype);
        var outputs = new Tensor[count];
        for (long k = 0; k < count; k++)
        {
            long t = reverse ? count - 1 - k : k;
            var gates = steps[t].matmul(weights.InputWeights.t()).add(weights.InputBias, HeldScalars.One).add(h.matmul(weights.HiddenWeights.t()), HeldScalars.One).add(weights.HiddenBias, HeldScalars.One);
            var blocks = gates.chunk(4, 1);
            c = (blocks[1].sigmoid() * c).add(blocks[0].sigmoid() * blocks[2].tanh(), HeldScalars.One);
            h = blocks[3].sigmoid() * c.tanh();
            outputs[t] = h;
        }
        return stack(outputs);
    }
}
