using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Onnx;

namespace RecurrentML.Tagging;

/// <summary>
/// The result of <see cref="RecurrentTaggerTransformer.Transform"/>: the input columns plus each token's predicted tag
/// and probabilities of every tag. Its cursor reads a block of sentences ahead, keeps their pass-through values, and
/// tags the whole block at once (<see cref="Network.TaggerScorer"/>: batches of sentences of one length), so tagging
/// costs one network call per batch rather than one per sentence. Tags and scores are those of tagging each sentence
/// alone (<c>PredictionEngine</c>). It is also an ML.NET data transform that can save itself as ONNX
/// (<see cref="OnnxTaggerGraph"/>).
/// </summary>
internal sealed class TaggingDataView : OnnxExportableDataView
{
    /// <summary>Sentences read ahead and tagged together: enough that most batches of one length are full.</summary>
    internal const int BlockSize = 2048;

    private readonly RecurrentTaggerTransformer _transformer;
    private readonly IDataView _source;
    private readonly DataViewSchema.Column _tokens;

    public TaggingDataView(RecurrentTaggerTransformer transformer, IDataView source, DataViewSchema schema, DataViewSchema.Column tokens)
    {
        _transformer = transformer;
        _source = source;
        Schema = schema;
        _tokens = tokens;
    }

    public override DataViewSchema Schema { get; }

    /// <summary>The data view the tagger reads.</summary>
    public override IDataView Source => _source;

    public override bool CanShuffle => _source.CanShuffle;

    public override long? GetRowCount() => _source.GetRowCount();

    protected override string OnnxPrefix => _transformer.PredictedLabelColumnName;

    protected override void WriteOnnx(OnnxGraphBuilder graph) => OnnxTaggerGraph.Write(graph, _transformer);

    // Models save the transformer, which holds the weights.
    protected override string WhyNotSaved =>
        "A recurrent tagger's output data view cannot be saved on its own; save the fitted model (the RecurrentTaggerTransformer) with mlContext.Model.Save.";

    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null)
    {
        int sourceColumns = _source.Schema.Count;
        var needed = columnsNeeded.ToList();
        bool taggingNeeded = needed.Any(c => c.Index >= sourceColumns);
        var sourceNeeded = needed.Where(c => c.Index < sourceColumns).Select(c => _source.Schema[c.Index]).ToList();
        var read = taggingNeeded ? sourceNeeded.Append(_tokens).Distinct().ToList() : sourceNeeded;
        return new Cursor(this, _source.GetRowCursor(read, rand), sourceNeeded, taggingNeeded);
    }

    // One cursor: the network tags one batch at a time anyway, and torch parallelises inside each batch.
    public override DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : BlockCursor
    {
        private readonly TaggingDataView _view;
        private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>> _tokens;
        private readonly string[][] _sentences;
        private VBuffer<ReadOnlyMemory<char>> _words;
        private (uint[] Keys, float[] Probabilities)[] _tagged;

        public Cursor(TaggingDataView view, DataViewRowCursor source, IEnumerable<DataViewSchema.Column> passThrough, bool taggingNeeded)
            : base(view.Schema, source, view._source.Schema.Count, passThrough, BlockSize)
        {
            _view = view;
            if (!taggingNeeded) return;
            _tokens = source.GetGetter<VBuffer<ReadOnlyMemory<char>>>(view._tokens);
            _sentences = new string[BlockSize][];
        }

        protected override void ReadRow(int slot)
        {
            if (_tokens == null) return;
            _tokens(ref _words);
            _sentences[slot] = _words.DenseValues().Select(w => w.ToString()).ToArray();
        }

        protected override void EndBlock(int rows)
        {
            if (_tokens != null) _tagged = _view._transformer.Tag(new ArraySegment<string[]>(_sentences, 0, rows));
        }

        protected override bool IsAddedActive(DataViewSchema.Column column) => _tokens != null;

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column)
        {
            // The transformer's schema adds the predicted tags, then the scores.
            Delegate getter = column.Index == _view._source.Schema.Count
                ? (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> value) => Write(_tagged[Slot].Keys, ref value))
                : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Write(_tagged[Slot].Probabilities, ref value));
            return getter as ValueGetter<TValue> ?? throw WrongType<TValue>(column);
        }

        private static void Write<T>(T[] values, ref VBuffer<T> destination)
        {
            var editor = VBufferEditor.Create(ref destination, values.Length);
            values.CopyTo(editor.Values);
            destination = editor.Commit();
        }
    }
}
