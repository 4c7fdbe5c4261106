using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Encoders;
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

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TaggingDataView _view;
        private readonly DataViewRowCursor _source;
        private readonly Dictionary<int, ColumnBuffer> _passThrough = new();
        private readonly ValueGetter<DataViewRowId> _sourceId;
        private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>> _tokens;
        private readonly DataViewRowId[] _ids = new DataViewRowId[BlockSize];
        private readonly long[] _batches = new long[BlockSize];
        private readonly string[][] _sentences;
        private VBuffer<ReadOnlyMemory<char>> _words;
        private (uint[] Keys, float[] Probabilities)[] _tagged;
        private int _slot = -1, _filled;
        private long _position = -1;
        private bool _sourceDone;

        public Cursor(TaggingDataView view, DataViewRowCursor source, IEnumerable<DataViewSchema.Column> passThrough, bool taggingNeeded)
        {
            _view = view;
            _source = source;
            foreach (var column in passThrough) _passThrough[column.Index] = ColumnBuffer.Create(source, column, BlockSize);
            _sourceId = source.GetIdGetter();
            if (!taggingNeeded) return;
            _tokens = source.GetGetter<VBuffer<ReadOnlyMemory<char>>>(view._tokens);
            _sentences = new string[BlockSize][];
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => _slot >= 0 && _slot < _filled ? _batches[_slot] : 0;

        public override bool MoveNext()
        {
            if (++_slot >= _filled && !ReadBlock()) return false;
            _position++;
            return true;
        }

        private bool ReadBlock()
        {
            _slot = 0;
            _filled = 0;
            while (!_sourceDone && _filled < BlockSize)
            {
                if (!_source.MoveNext())
                {
                    _sourceDone = true;
                    break;
                }
                foreach (var buffer in _passThrough.Values) buffer.Fill(_filled);
                _sourceId(ref _ids[_filled]);
                _batches[_filled] = _source.Batch;
                if (_tokens != null)
                {
                    _tokens(ref _words);
                    _sentences[_filled] = _words.DenseValues().Select(w => w.ToString()).ToArray();
                }
                _filled++;
            }
            if (_filled > 0 && _tokens != null) _tagged = _view._transformer.Tag(new ArraySegment<string[]>(_sentences, 0, _filled));
            return _filled > 0;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[_slot];

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _view._source.Schema.Count ? _passThrough.ContainsKey(column.Index) : _tokens != null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int sourceColumns = _view._source.Schema.Count;
            if (column.Index < sourceColumns)
            {
                if (!_passThrough.TryGetValue(column.Index, out var buffer))
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
                return buffer.Getter(() => _slot) as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue)} was requested.");
            }
            if (_tokens == null) throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            // The transformer's schema adds the predicted tags, then the scores.
            Delegate getter = column.Index == sourceColumns
                ? (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> value) => Write(_tagged[_slot].Keys, ref value))
                : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Write(_tagged[_slot].Probabilities, ref value));
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue)} was requested.");
        }

        private static void Write<T>(T[] values, ref VBuffer<T> destination)
        {
            var editor = VBufferEditor.Create(ref destination, values.Length);
            values.CopyTo(editor.Values);
            destination = editor.Commit();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _source.Dispose();
            base.Dispose(disposing);
        }
    }
}
