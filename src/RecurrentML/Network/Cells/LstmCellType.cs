using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RecurrentML.Network.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network.Cells;

/// <summary>Long short-term memory. torch's gate blocks: input, forget, candidate, output; ONNX's: input, output,
/// forget, cell. Its dense call runs on the kernel the <see cref="LstmKernelGuard"/> verified.</summary>
internal sealed class LstmCellType : CellType
{
    public override RecurrentEncoderOptions CreateOptions() => new LstmOptions();

    public override int Gates => 4;
    public override int[] OnnxGateOrder => new[] { 0, 3, 1, 2 };
    public override string OnnxOperator => "LSTM";
    protected override int? KeepGate => 1;
    protected override int? WriteGate => 0;

    public override nn.Module CreateLayer(long inputSize, NetworkShape shape) =>
        nn.LSTM(inputSize, shape.HiddenSize, bidirectional: shape.Bidirectional);

    public override (Tensor Outputs, Tensor FinalHidden) Run(nn.Module layer, Tensor steps, Func<LstmKernel> lstmKernel) =>
        LstmKernels.Run((LSTM)layer, steps, lstmKernel());

    public override (PackedSequence Outputs, Tensor FinalHidden) Run(nn.Module layer, PackedSequence steps)
    {
        var (outputs, hidden, _) = ((LSTM)layer).call(steps);
        return (outputs, hidden);
    }

    public override (Tensor Outputs, LayerState State) RunFrom(nn.Module layer, Tensor steps, LayerState start, Func<LstmKernel> lstmKernel)
    {
        var (outputs, hidden, cell) = LstmKernels.RunFrom((LSTM)layer, steps, start is null ? null : (start.Hidden, start.Cell), lstmKernel());
        return (outputs, new LayerState(hidden, cell));
    }

    /// <summary>i, f, o = σ(·), g = tanh(·) of the summed gates; c' = f c + i g; h' = o tanh(c').</summary>
    public override void Step(ReadOnlySpan<float> input, Span<float> recurrent, Span<float> hidden, Span<float> cell, NetworkShape shape)
    {
        int h = hidden.Length;
        TensorPrimitives.Add(input, recurrent, recurrent);
        Span<float> inputForget = recurrent[..(2 * h)], candidate = recurrent.Slice(2 * h, h), output = recurrent[(3 * h)..];
        TensorPrimitives.Sigmoid(inputForget, inputForget);
        TensorPrimitives.Tanh(candidate, candidate);
        TensorPrimitives.Sigmoid(output, output);
        TensorPrimitives.Multiply(inputForget[h..], cell, cell);
        TensorPrimitives.MultiplyAdd(inputForget[..h], candidate, cell, cell);
        TensorPrimitives.Tanh(cell, hidden);
        TensorPrimitives.Multiply(output, hidden, hidden);
    }
}
