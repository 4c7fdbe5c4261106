using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.RowScoring;
using RecurrentML.Onnx;
using static RecurrentML.Interop.OnnxAttribute;
using static TorchSharp.torch;

namespace RecurrentML.Inputs;

/// <summary>Token input: a vector of keys (from MapValueToKey), one token id per step, read through an embedding whose
/// row k is key k; key 0 and keys beyond the training vocabulary read as the unknown token, whose row is zero.</summary>
internal sealed class TokenInput : InputKind
{
    public override SequenceKind Kind => SequenceKind.Tokens;
    public override string ColumnType => "Vector<Key<UInt32>>";
    protected override string Description => "token ids, e.g. from MapValueToKey";

    protected override SequenceFormat FormatOf(string columnName, VectorDataViewType vector, int featuresPerStep, int maxLength, TruncationSide truncation)
    {
        if (vector.ItemType is not KeyDataViewType key || key.RawType != typeof(uint)) return null;
        if (key.Count > int.MaxValue - 1)
            throw new ArgumentOutOfRangeException(nameof(vector), $"Input column '{columnName}' has {key.Count} keys; at most {int.MaxValue - 1} are supported.");
        return new SequenceFormat(SequenceKind.Tokens, (int)key.Count, 1, maxLength, truncation);
    }

    public override void AddRow(SequenceColumnReader reader, SequenceStore store, float label) => store.AddTokens(reader.ReadTokens(), label);

    public override PaddedBatch Batch(SequenceStore store, IReadOnlyList<int> rows) => PaddedBatch.FromTokens(rows.Count, i => store.Tokens(rows[i]));

    public override Tensor Tensor(PaddedBatch batch, Device device) => tensor(batch.Tokens, new long[] { batch.Rows, batch.Steps }, device: device);

    /// <summary>The vocabulary and the unknown token's row 0.</summary>
    public override int EmbeddingRows(SequenceFormat format) => format.VocabularySize + 1;

    public override int InputSize(SequenceFormat format, int embeddingSize) => embeddingSize;

    public override bool Fits(SequenceFormat format, NetworkShape network) => format.FeaturesPerStep == 1 && network.EmbeddingRows == EmbeddingRows(format);

    public override void EncodeRow(RowEncoder encoder, SequenceColumnReader reader, Span<float> encoding, Func<int, Span<float>> stepWeights)
    {
        var tokens = reader.ReadTokens();
        encoder.EncodeTokens(tokens, encoding, stepWeights(tokens.Length));
    }

    public override (string Steps, string NonFiniteRows) WriteOnnxSteps(OnnxGraphBuilder graph, string input, SequenceFormat format,
        IReadOnlyDictionary<string, NamedWeight> weights)
    {
        var stepAxis = OnnxSequenceSteps.StepAxis(graph);
        var ids = graph.Node("Cast", new[] { input }, "ids", ElementType("to", typeof(long)));
        ids = OnnxSequenceSteps.ShapeBarrier(graph, ids, probe: ids);
        var beyondVocabulary = graph.Node("Greater", new[] { ids, graph.Scalar("vocabulary_size", format.VocabularySize) }, "beyond_vocabulary");
        ids = graph.Node("Where", new[] { beyondVocabulary, graph.Scalar("unknown_token", SequenceFormat.UnknownToken), ids }, "known_ids");
        ids = OnnxSequenceSteps.AtLeastOneStep(graph, OnnxSequenceSteps.Truncate(graph, ids, format, stepAxis), stepAxis, rank: 2);
        var idsByStep = graph.Node("Transpose", new[] { ids }, "ids_by_step", Ints("perm", 1, 0));
        var embedding = weights[WeightNames.Embedding];
        return (graph.Node("Gather", new[] { graph.Constant("embedding", embedding.Values, embedding.Shape), idsByStep }, "steps"), null);
    }
}
