using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.Kernels;
using TorchSharp;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network.Cells;

/// <summary>
/// One recurrent cell with all of its faces: its torch layer, how the layer is called, its gate layout (weight names
/// and shapes follow from it) and gate-bias initialisation, and its ONNX node. Adding a cell is a subclass and a line
/// in <see cref="For"/> (and, for users, its options class and catalog method).
/// </summary>
internal abstract class CellType
{
    private static readonly Dictionary<RecurrentCell, CellType> Types = new()
    {
        [RecurrentCell.Lstm] = new LstmCellType(),
        [RecurrentCell.Gru] = new GruCellType(),
        [RecurrentCell.Rnn] = new RnnCellType(),
    };

    public static CellType For(RecurrentCell cell) =>
        Types.TryGetValue(cell, out var type) ? type
            : throw new ArgumentOutOfRangeException(nameof(cell), cell, $"Cell is {cell}; expected one of {string.Join(", ", Types.Keys)}.");

    /// <summary>The cell's options with their defaults, for <see cref="RecurrentEncoderOptions.Create"/>.</summary>
    public abstract RecurrentEncoderOptions CreateOptions();

    /// <summary>Gate blocks of HiddenSize rows in each weight matrix and bias, in torch's order.</summary>
    public abstract int Gates { get; }

    /// <summary>For each gate block of the cell's ONNX node, the torch gate block it comes from.</summary>
    public abstract int[] OnnxGateOrder { get; }

    /// <summary>The ONNX operator: LSTM, GRU or RNN.</summary>
    public abstract string OnnxOperator { get; }

    /// <summary>The torch gate block that decides how much of the state is kept (chrono initialisation sets its
    /// bias), or null for a cell without gates.</summary>
    protected virtual int? KeepGate => null;

    /// <summary>The torch gate block chrono initialisation sets to the keep gate's negative, or null.</summary>
    protected virtual int? WriteGate => null;

    /// <summary>A one-layer torch module of this cell.</summary>
    public abstract nn.Module CreateLayer(long inputSize, NetworkShape shape);

    /// <summary>Runs a layer over time-major [steps, batch, input]; <paramref name="lstmKernel"/> is asked only by the
    /// LSTM, whose dense call depends on the kernel.</summary>
    public abstract (Tensor Outputs, Tensor FinalHidden) Run(nn.Module layer, Tensor steps, Func<LstmKernel> lstmKernel);

    public abstract (PackedSequence Outputs, Tensor FinalHidden) Run(nn.Module layer, PackedSequence steps);

    /// <summary>Runs a layer over time-major [steps, batch, input] from <paramref name="start"/> (zeros when null) and
    /// returns the state it ends in, for a caller that goes on from there (a language model reading a long text in
    /// chunks, or generating one token at a time).</summary>
    public abstract (Tensor Outputs, LayerState State) RunFrom(nn.Module layer, Tensor steps, LayerState start, Func<LstmKernel> lstmKernel);

    /// <summary>One step of one row on plain values, as the torch layer computes it (the managed scoring path,
    /// Network/RowScoring): <paramref name="input"/> is W_ih x + b_ih and <paramref name="recurrent"/> W_hh h + b_hh,
    /// <see cref="Gates"/> blocks of hidden.Length each in torch's order (recurrent is overwritten). Updates
    /// <paramref name="hidden"/> and, for the LSTM, the cell state <paramref name="cell"/>.</summary>
    public abstract void Step(ReadOnlySpan<float> input, Span<float> recurrent, Span<float> hidden, Span<float> cell, NetworkShape shape);

    /// <summary>Whether the cell's state is bounded whatever it reads (|h| &lt;= 1 for tanh and gated cells; an LSTM's
    /// cell state grows by at most 1 a step). Such a state stays finite through padding after a row's valid steps (see
    /// <see cref="EncoderNetwork"/>) and over any input within the weight limit (<see cref="WeightLimit"/>).</summary>
    public virtual bool HasBoundedState(NetworkShape shape) => true;

    /// <summary>The ONNX node's attributes beyond hidden_size and direction.</summary>
    public virtual IEnumerable<OnnxAttribute> OnnxAttributes(NetworkShape shape) => Array.Empty<OnnxAttribute>();

    /// <summary>
    /// Sets the gate biases as <paramref name="gates"/> says: torch's two bias vectors add up, so the recurrent one is
    /// zeroed and the input one carries the value. Unit forget bias sets the keep gate's bias to 1; chrono
    /// (Tallec and Ollivier 2018) to log(u), u uniform in [1, T - 1], and the write gate's, if any, to its negative.
    /// </summary>
    public void InitializeGateBiases(nn.Module layer, int hidden, GateInitialization gates, int chronoMaxTimescale, Generator generator)
    {
        if (gates == GateInitialization.Uniform || KeepGate is not int keepGate) return;
        foreach (var (name, bias) in layer.named_parameters().Where(p => p.name.StartsWith("bias_")))
        {
            bias.zero_();
            if (!name.StartsWith("bias_ih")) continue;
            var keep = bias.narrow(0, keepGate * hidden, hidden);
            if (gates == GateInitialization.UnitForgetBias)
            {
                using var one = 1.0.ToScalar(); // held: see UniformInitialization
                keep.fill_(one);
                continue;
            }
            using var range = ((double)chronoMaxTimescale - 2).ToScalar();
            using var offset = 1.0.ToScalar();
            using var draw = rand(new long[] { hidden }, generator: generator);
            using var scaled = draw.mul(range);
            using var shifted = scaled.add(offset, HeldScalars.One);
            using var spans = shifted.log();
            keep.copy_(spans);
            if (WriteGate is int writeGate) bias.narrow(0, writeGate * hidden, hidden).copy_(spans.neg());
        }
    }
}
