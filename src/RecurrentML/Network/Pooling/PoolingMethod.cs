using RecurrentML.Interop;
using RecurrentML.Model;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>
/// One way of turning the last recurrent layer's step outputs into one encoding per row. Each method owns all of its
/// faces: the torch computation over a batch's valid steps, its learned weights (names, shapes, module), and its ONNX
/// nodes. Adding a method is a subclass and a line in <see cref="For"/>.
/// </summary>
internal abstract class PoolingMethod
{
    /// <summary>Prefix of a method's weights among the network's parameters.</summary>
    public const string WeightPrefix = "pooling.";

    private static readonly Dictionary<SequencePooling, PoolingMethod> Methods = new()
    {
        [SequencePooling.Last] = new LastPooling(),
        [SequencePooling.Mean] = new MeanPooling(),
        [SequencePooling.Max] = new MaxPooling(),
        [SequencePooling.Attention] = new AttentionPooling(),
    };

    public static PoolingMethod For(SequencePooling pooling) =>
        Methods.TryGetValue(pooling, out var method) ? method
            : throw new ArgumentOutOfRangeException(nameof(pooling), pooling, $"Pooling is {pooling}; expected one of {string.Join(", ", Methods.Keys)}.");

    /// <summary>Whether the method gives each step a weight (an optional output column).</summary>
    public virtual bool HasStepWeights => false;

    /// <summary>The method's learned module, or null when it learns nothing. Its parameters are the network's
    /// <c>pooling.*</c> weights.</summary>
    public virtual TorchSharp.torch.nn.Module CreateModule(int encodingSize) => null;

    /// <summary>The names (with <see cref="WeightPrefix"/>) and shapes of the module's parameters, in its order.</summary>
    public virtual IEnumerable<(string Name, long[] Shape)> Weights(int encodingSize) => Array.Empty<(string, long[])>();

    /// <summary>Pools a batch; <paramref name="module"/> is what <see cref="CreateModule"/> made.</summary>
    public abstract PooledSteps Pool(PoolingInput input, TorchSharp.torch.nn.Module module);

    /// <summary>The method on plain values for one row at a time (the managed scoring path, Network/RowScoring), with
    /// its learned weights taken from <paramref name="weights"/> by name.</summary>
    public abstract RowPooling ForRows(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights);

    /// <summary>Whether <see cref="WriteOnnx"/> reads the last layer's final states (ONNX Y_h).</summary>
    public virtual bool ReadsFinalStatesInOnnx => false;

    /// <summary>Adds the method's ONNX nodes: from the last layer's outputs to [rows, encoding].</summary>
    public abstract OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input);
}

/// <summary>Pools one row: <paramref name="outputs"/> is the last layer's output at each of the row's
/// <paramref name="steps"/>, [steps * encoding] step after step; writes [encoding] and, for a method with step
/// weights, [steps] weights (<paramref name="stepWeights"/> is empty when they are not wanted).</summary>
internal delegate void RowPooling(ReadOnlySpan<float> outputs, int steps, Span<float> encoding, Span<float> stepWeights);

/// <summary>A batch's encodings [batch, encoding] and, for methods that weigh steps, each row's weights [batch, steps]
/// (zero on padding).</summary>
internal sealed record PooledSteps(Tensor Encoding, Tensor StepWeights = null);

/// <summary>
/// What pooling reads of a batch, time-major. <see cref="Outputs"/> is computed on first use (a packed batch must be
/// unpacked for it). <see cref="Lengths"/> is null when every row has every step. <see cref="FinalHidden"/> is the
/// last layer's final state [directions, batch, hidden], or null where padding has run through it.
/// </summary>
internal sealed class PoolingInput
{
    private readonly Func<Tensor> _outputs;
    private Tensor _computed;

    public PoolingInput(Func<Tensor> outputs, Tensor lengths, Tensor finalHidden)
    {
        _outputs = outputs;
        Lengths = lengths;
        FinalHidden = finalHidden;
    }

    /// <summary>[steps, batch, encoding]: the last layer's outputs; whatever padding steps hold is to be ignored.</summary>
    public Tensor Outputs => _computed ??= _outputs();

    public Tensor Lengths { get; }

    public Tensor FinalHidden { get; }

    /// <summary>[steps, batch, 1] true at padding steps, or null when there are none.</summary>
    public Tensor Padding()
    {
        if (Lengths is null) return null;
        return StepPositions.Valid(Outputs.shape[0], Lengths, Outputs.device).logical_not().unsqueeze(2);
    }
}

/// <summary>The ONNX variables pooling starts from: <see cref="Outputs"/> is the last layer's Y [steps, directions,
/// rows, hidden], <see cref="FinalStates"/> its Y_h [directions, rows, hidden] when requested; weights by name.</summary>
internal sealed record OnnxPoolingInput(string Outputs, string FinalStates, int EncodingSize, IReadOnlyDictionary<string, NamedWeight> Weights)
{
    /// <summary>[directions, rows, hidden] → [rows, directions * hidden], forward then backward as torch concatenates.</summary>
    public string ByRow(OnnxGraphBuilder graph, string perDirection)
    {
        var rowsFirst = graph.Node("Transpose", new[] { perDirection }, "pooled_by_row", OnnxAttribute.Ints("perm", 1, 0, 2));
        return graph.Node("Reshape", new[] { rowsFirst, graph.Constant("encoding_shape", new long[] { -1, EncodingSize }, 2) }, "encoding");
    }

    /// <summary>Y as [steps, rows, directions * hidden].</summary>
    public string StepsByRow(OnnxGraphBuilder graph)
    {
        var stepsRows = graph.Node("Transpose", new[] { Outputs }, "outputs_by_step", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        return graph.Node("Reshape", new[] { stepsRows, graph.Constant("steps_shape", new long[] { 0, 0, EncodingSize }, 3) }, "steps");
    }
}

/// <summary>The ONNX variables pooling produced: [rows, encoding] and, where the method weighs steps, [rows, steps].</summary>
internal sealed record OnnxPooled(string Encoding, string StepWeights = null);
