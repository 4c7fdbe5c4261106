using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;

namespace RecurrentML.Transcription;

/// <summary>Adds the transcript of the current row's steps, computed once per row position (a pipeline that reads the
/// column twice reads the network once).</summary>
internal sealed class TranscriberRowMapper : AddedColumnsRowMapper
{
    private readonly RecurrentTranscriberTransformer _transformer;

    public TranscriberRowMapper(RecurrentTranscriberTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema, DataViewSchema.Column features)
        : base(inputSchema, outputSchema, features) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly RecurrentTranscriberTransformer _transformer;
        private readonly ValueGetter<VBuffer<float>> _features;
        private VBuffer<float> _values;
        private string _transcript = "";
        private long _computedPosition = -1;

        public Row(TranscriberRowMapper mapper, DataViewRow input, bool addedActive) : base(mapper, input, addedActive)
        {
            _transformer = mapper._transformer;
            if (addedActive) _features = input.GetGetter<VBuffer<float>>(mapper.Input);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added)
        {
            if (typeof(TValue) != typeof(ReadOnlyMemory<char>))
                throw new InvalidOperationException($"Column '{column.Name}' is String; asked for {typeof(TValue).Name}.");
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = Compute().AsMemory();
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        private string Compute()
        {
            long position = Input.Position;
            if (position >= 0 && position == _computedPosition) return _transcript;
            _features(ref _values);
            var steps = _values.DenseValues().ToArray();
            TranscribedColumns.CheckSteps(steps, _transformer.FeaturesPerStep, _transformer.FeaturesColumnName, position);
            _transcript = _transformer.Transcribe(steps);
            _computedPosition = position;
            return _transcript;
        }
    }
}
