using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Network;
using RecurrentML.Onnx;

namespace RecurrentML.Encoders;

/// <summary>
/// The result of <see cref="RecurrentEncoderTransformer.Transform"/>: the input columns plus the encoding (and the
/// attention weights and scores, when the encoder has those columns), all from one network call per batch. Its
/// cursor reads a block of rows ahead, keeps their pass-through values, and encodes the block in batches of rows of
/// similar length, so scoring costs one network call per batch rather than one per row, with little padding.
/// It is also an ML.NET data transform that can save itself as ONNX: <c>ConvertToOnnx</c> walks back from the model's
/// output through <see cref="Source"/> while each view can, and takes the columns where the walk stops as graph inputs.
/// </summary>
internal sealed class EncodingDataView : OnnxExportableDataView
{
    /// <summary>Rows read ahead and encoded together, in length-sorted batches. Large enough that the batches hold rows
    /// of similar length (94% of computed steps are real on the Amazon review lengths, bench measure 6).</summary>
    internal const int BlockSize = 4096;

    private readonly RecurrentEncoderTransformer _transformer;
    private readonly IDataView _source;
    private readonly CrossFitEncodings _crossFit;

    // crossFit: the out-of-fold values that replace the network's for the rows they hold, when source is the view
    // the encoder was fitted on; otherwise null.
    public EncodingDataView(RecurrentEncoderTransformer transformer, IDataView source, DataViewSchema schema, CrossFitEncodings crossFit)
    {
        _transformer = transformer;
        _source = source;
        Schema = schema;
        _crossFit = crossFit;
    }

    public override DataViewSchema Schema { get; }

    /// <summary>The data view the encoder reads.</summary>
    public override IDataView Source => _source;

    public override bool CanShuffle => _source.CanShuffle;

    public override long? GetRowCount() => _source.GetRowCount();

    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null)
    {
        int sourceColumns = _source.Schema.Count;
        var needed = columnsNeeded.ToList();
        bool encodingNeeded = needed.Any(c => c.Index >= sourceColumns);
        bool Needed(EncoderOutput output) => needed.Any(c => c.Index >= sourceColumns && _transformer.Outputs[c.Index - sourceColumns] == output);
        var sourceNeeded = needed.Where(c => c.Index < sourceColumns).Select(c => _source.Schema[c.Index]).ToList();
        var inputColumn = _transformer.FindInput(_source.Schema);
        var read = encodingNeeded ? sourceNeeded.Append(inputColumn).Distinct().ToList() : sourceNeeded;
        return new Cursor(this, _source.GetRowCursor(read, rand), sourceNeeded, encodingNeeded ? inputColumn : null,
            Needed(EncoderOutput.StepWeights), Needed(EncoderOutput.Scores));
    }

    protected override string OnnxPrefix => _transformer.OutputColumnName;

    protected override void WriteOnnx(OnnxGraphBuilder graph) => OnnxEncoderGraph.Write(graph, _transformer);

    // Models save the transformer, which holds the weights.
    protected override string WhyNotSaved =>
        "A recurrent encoder's output data view cannot be saved on its own; save the fitted model (the RecurrentEncoderTransformer) with mlContext.Model.Save.";

    // One cursor: the network scores one batch at a time anyway, and torch parallelises inside each batch.
    public override DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : BlockCursor
    {
        private readonly EncodingDataView _view;
        private readonly SequenceBlock _block;
        private readonly int _encodingSize, _scoreSize;
        private readonly bool _weightsNeeded, _scoresNeeded;
        private EncodedBlock _encoded;
        private float[] _scores;

        public Cursor(EncodingDataView view, DataViewRowCursor source, IEnumerable<DataViewSchema.Column> passThrough, DataViewSchema.Column? input,
            bool weightsNeeded, bool scoresNeeded)
            : base(view.Schema, source, view._source.Schema.Count, passThrough, BlockSize)
        {
            _view = view;
            (_weightsNeeded, _scoresNeeded) = (weightsNeeded, scoresNeeded);
            (_encodingSize, _scoreSize) = (view._transformer.EncodingSize, view._transformer.ScoreSize);
            if (input is DataViewSchema.Column inputColumn)
            {
                var reader = new SequenceColumnReader(source, inputColumn, view._transformer.Sequence);
                _block = new SequenceBlock(reader, view._transformer.Sequence);
            }
        }

        protected override void StartBlock() => _block?.Clear();

        protected override void ReadRow(int slot) => _block?.AddCurrentRow();

        protected override void EndBlock(int rows)
        {
            if (_block == null) return;
            _encoded = _view._transformer.Encoder.Encode(_block, _weightsNeeded);
            _scores = _scoresNeeded ? _view._transformer.Head.ApplyAll(_encoded.Encodings, rows) : null;
            if (_view._crossFit is { } crossFit)
                for (int i = 0; i < rows; i++)
                    crossFit.TryCopy(Id(i), _encoded.Encodings.AsSpan(i * _encodingSize, _encodingSize), Scores(i));
            // Position is still the row before the block's first.
            var transformer = _view._transformer;
            for (int i = 0; i < rows; i++)
                FiniteEncodingCheck.Check(_encoded.Encodings.AsSpan(i * _encodingSize, _encodingSize), transformer.InputColumnName, Position + 1 + i,
                    transformer.Model.Network);
        }

        private Span<float> Scores(int slot) => _scores == null ? Span<float>.Empty : _scores.AsSpan(slot * _scoreSize, _scoreSize);

        protected override bool IsAddedActive(DataViewSchema.Column column) => _block != null && IsActive(Output(column));

        private EncoderOutput Output(DataViewSchema.Column column) => _view._transformer.Outputs[column.Index - _view._source.Schema.Count];

        private bool IsActive(EncoderOutput output) => output switch
        {
            EncoderOutput.StepWeights => _weightsNeeded,
            EncoderOutput.Scores => _scoresNeeded,
            _ => true,
        };

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column) =>
            EncoderOutputs.Getter<TValue>(column, Output(column),
                () => _encoded.Encodings.AsSpan(Slot * _encodingSize, _encodingSize), () => _encoded.StepWeights[Slot], () => Scores(Slot));
    }
}
