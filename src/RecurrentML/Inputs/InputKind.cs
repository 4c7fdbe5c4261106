using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.RowScoring;
using static TorchSharp.torch;

namespace RecurrentML.Inputs;

/// <summary>
/// One kind of input column with all of its faces: which column type it reads and how a training or scoring column
/// is checked, how a row is stored and stacked into a padded batch, what the batch becomes as a tensor, what the
/// network puts in front of its first layer (an embedding, or the float features as they are, standardised), how the
/// row scorer reads a row, which saved fields must agree, and the ONNX nodes that read the column. The model
/// description keeps the kind as a <see cref="SequenceKind"/> value (saved in the entry); the rest of the code asks
/// the kind's type and never switches on it. Adding a kind is a subclass and a line in <see cref="Kinds"/>.
/// </summary>
internal abstract class InputKind
{
    private static readonly InputKind[] Kinds = [new TokenInput(), new FloatStepInput()];

    /// <summary>The type of inputs of <paramref name="kind"/>.</summary>
    public static InputKind For(SequenceKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind)
        ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Input kind is {kind}; expected one of {string.Join(", ", Kinds.Select(k => k.Kind))}.");

    /// <summary>The type of inputs <paramref name="format"/> reads.</summary>
    public static InputKind Of(SequenceFormat format) => For(format.Kind);

    /// <summary>The value saved in the model description.</summary>
    public abstract SequenceKind Kind { get; }

    /// <summary>The column type read, as messages name it ("Vector&lt;Key&lt;UInt32&gt;&gt;").</summary>
    public abstract string ColumnType { get; }

    /// <summary>What the kind reads, for the message that lists every kind ("token ids, e.g. from MapValueToKey").</summary>
    protected abstract string Description { get; }

    /// <summary>The format of a column of type <paramref name="vector"/>, or null when this kind does
    /// not read them; throws naming the column when it does but the column cannot be read.</summary>
    protected abstract SequenceFormat FormatOf(string columnName, VectorDataViewType vector, int featuresPerStep, int maxLength, TruncationSide truncation);

    /// <summary>Reads the format of a training column, or throws naming the column, the type found and the types expected.</summary>
    public static SequenceFormat FormatOfColumn(string columnName, DataViewType type, int featuresPerStep, int maxLength, TruncationSide truncation)
    {
        if (type is VectorDataViewType vector)
            foreach (var kind in Kinds)
                if (kind.FormatOf(columnName, vector, featuresPerStep, maxLength, truncation) is { } format) return format;
        throw new ArgumentOutOfRangeException(nameof(type),
            $"Input column '{columnName}' has type {type}; expected {string.Join(" or ", Kinds.Select(k => $"{k.ColumnType} ({k.Description})"))}.");
    }

    /// <summary>Whether a column seen at scoring time can be read with <paramref name="format"/>, the training column's.</summary>
    public static void CheckScoringColumn(SequenceFormat format, string columnName, DataViewType type)
    {
        var found = FormatOfColumn(columnName, type, format.FeaturesPerStep, format.MaxLength, format.Truncation);
        if (found.Kind != format.Kind)
            throw new ArgumentOutOfRangeException(nameof(type), $"Input column '{columnName}' has type {type}; this encoder was trained on {Of(format).ColumnType}.");
    }

    /// <summary>Reads the reader's current row into <paramref name="store"/> with <paramref name="label"/>.</summary>
    public abstract void AddRow(SequenceColumnReader reader, SequenceStore store, float label);

    /// <summary>The stored rows <paramref name="rows"/> as one padded batch.</summary>
    public abstract PaddedBatch Batch(SequenceStore store, IReadOnlyList<int> rows);

    /// <summary>The batch's input tensor on <paramref name="device"/>: [rows, steps] ids or [rows, steps, width] values.</summary>
    public abstract Tensor Tensor(PaddedBatch batch, Device device);

    /// <summary>Learns in Fit what the kind learns from the training rows before the network trains (float input's
    /// standardisation, applied to the stored rows), and returns the format that includes it.</summary>
    public virtual SequenceFormat Prepare(SequenceFormat format, SequenceStore store, bool standardize) => format;

    /// <summary>Rows of the network's embedding (0: none).</summary>
    public abstract int EmbeddingRows(SequenceFormat format);

    /// <summary>Values per step entering the first recurrent layer.</summary>
    public abstract int InputSize(SequenceFormat format, int embeddingSize);

    /// <summary>Whether a saved network shape reads <paramref name="format"/>'s rows: its embedding rows and input
    /// size are what <see cref="EmbeddingRows"/> and <see cref="InputSize"/> make (an embedding's size is the
    /// network's own).</summary>
    public abstract bool Fits(SequenceFormat format, NetworkShape network);

    /// <summary>Whether the format may carry a standardisation (the saved field is refused otherwise).</summary>
    public virtual bool Standardizes => false;

    /// <summary>Encodes the reader's current row with the managed row scorer into <paramref name="encoding"/>;
    /// <paramref name="stepWeights"/> gives the buffer for the step weights of a row of the given steps (empty when
    /// not wanted).</summary>
    public abstract void EncodeRow(RowEncoder encoder, SequenceColumnReader reader, Span<float> encoding, Func<int, Span<float>> stepWeights);

    /// <summary>Writes the ONNX nodes that turn the input column into the first layer's time-major [steps, rows,
    /// InputSize] steps (see <see cref="Onnx.OnnxSequenceSteps"/>), and for float input the [rows, 1] flags of rows
    /// holding a non-finite value (null otherwise).</summary>
    public abstract (string Steps, string NonFiniteRows) WriteOnnxSteps(OnnxGraphBuilder graph, string input, SequenceFormat format,
        IReadOnlyDictionary<string, NamedWeight> weights);
}
