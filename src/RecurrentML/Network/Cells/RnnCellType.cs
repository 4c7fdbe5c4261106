using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RecurrentML.Interop;
using RecurrentML.Network.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network.Cells;

/// <summary>The plain (Elman) RNN: one block, h' = f(W x + b + R h + b'), f tanh or ReLU.</summary>
internal sealed class RnnCellType : CellType
{
    public override RecurrentEncoderOptions CreateOptions() => new RnnOptions();

    public override int Gates => 1;
    public override int[] OnnxGateOrder => new[] { 0 };
    public override string OnnxOperator => "RNN";

    public override nn.Module CreateLayer(long inputSize, NetworkShape shape) =>
        nn.RNN(inputSize, shape.HiddenSize, 1, shape.Nonlinearity == RnnNonlinearity.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
            bidirectional: shape.Bidirectional);

    public override (Tensor Outputs, Tensor FinalHidden) Run(nn.Module layer, Tensor steps, Func<LstmKernel> lstmKernel) =>
        ((RNN)layer).call(steps);

    public override (PackedSequence Outputs, Tensor FinalHidden) Run(nn.Module layer, PackedSequence steps) => ((RNN)layer).call(steps);

    public override (Tensor Outputs, LayerState State) RunFrom(nn.Module layer, Tensor steps, LayerState start, Func<LstmKernel> lstmKernel)
    {
        var (outputs, hidden) = ((RNN)layer).call(steps, start?.Hidden);
        return (outputs, new LayerState(hidden, null));
    }

    /// <summary>A ReLU state can grow without bound, over padding steps too, where an overflow would turn the padding's
    /// zero gradients into NaN (0 x inf).</summary>
    public override bool HasBoundedState(NetworkShape shape) => shape.Nonlinearity != RnnNonlinearity.Relu;

    public override IEnumerable<OnnxAttribute> OnnxAttributes(NetworkShape shape) => new[]
    {
        OnnxAttribute.Strings("activations", Enumerable.Repeat(shape.Nonlinearity == RnnNonlinearity.Relu ? "Relu" : "Tanh", shape.Bidirectional ? 2 : 1).ToArray()),
    };

    /// <summary>h' = f(input + recurrent), f tanh or ReLU.</summary>
    public override void Step(ReadOnlySpan<float> input, Span<float> recurrent, Span<float> hidden, Span<float> cell, NetworkShape shape)
    {
        TensorPrimitives.Add(input, recurrent, hidden);
        if (shape.Nonlinearity == RnnNonlinearity.Relu) TensorPrimitives.Max(hidden, 0f, hidden);
        else TensorPrimitives.Tanh(hidden, hidden);
    }
}
