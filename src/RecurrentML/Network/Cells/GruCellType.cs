using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RecurrentML.Interop;
using RecurrentML.Network.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network.Cells;

/// <summary>Gated recurrent unit. torch's gate blocks: reset, update, new; ONNX's: update, reset, hidden. torch applies
/// the reset gate after the recurrent product, which ONNX calls linear_before_reset.</summary>
internal sealed class GruCellType : CellType
{
    public override RecurrentEncoderOptions CreateOptions() => new GruOptions();

    public override int Gates => 3;
    public override int[] OnnxGateOrder => new[] { 1, 0, 2 };
    public override string OnnxOperator => "GRU";
    protected override int? KeepGate => 1;

    public override nn.Module CreateLayer(long inputSize, NetworkShape shape) =>
        nn.GRU(inputSize, shape.HiddenSize, bidirectional: shape.Bidirectional);

    public override (Tensor Outputs, Tensor FinalHidden) Run(nn.Module layer, Tensor steps, Func<LstmKernel> lstmKernel) =>
        ((GRU)layer).call(steps);

    public override (PackedSequence Outputs, Tensor FinalHidden) Run(nn.Module layer, PackedSequence steps) => ((GRU)layer).call(steps);

    public override (Tensor Outputs, LayerState State) RunFrom(nn.Module layer, Tensor steps, LayerState start, Func<LstmKernel> lstmKernel)
    {
        var (outputs, hidden) = ((GRU)layer).call(steps, start?.Hidden);
        return (outputs, new LayerState(hidden, null));
    }

    public override IEnumerable<OnnxAttribute> OnnxAttributes(NetworkShape shape) => new[] { OnnxAttribute.Int("linear_before_reset", 1) };

    /// <summary>r, z = σ(input + recurrent); n = tanh(input_n + r (W_hn h + b_hn)); h' = n + z (h - n).</summary>
    public override void Step(ReadOnlySpan<float> input, Span<float> recurrent, Span<float> hidden, Span<float> cell, NetworkShape shape)
    {
        int h = hidden.Length;
        Span<float> resetUpdate = recurrent[..(2 * h)], reset = recurrent[..h], update = recurrent.Slice(h, h), candidate = recurrent[(2 * h)..];
        TensorPrimitives.Add(input[..(2 * h)], resetUpdate, resetUpdate);
        TensorPrimitives.Sigmoid(resetUpdate, resetUpdate);
        TensorPrimitives.MultiplyAdd(reset, candidate, input[(2 * h)..], candidate);
        TensorPrimitives.Tanh(candidate, candidate);
        TensorPrimitives.Subtract(hidden, candidate, hidden);
        TensorPrimitives.MultiplyAdd(update, hidden, candidate, hidden);
    }
}
