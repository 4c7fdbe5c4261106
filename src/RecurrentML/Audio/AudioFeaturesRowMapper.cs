using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;

namespace RecurrentML.Audio;

/// <summary>Adds the features of the current row's WAV file, computed once per row position (a pipeline that reads the
/// column twice, an encoder and the output object, reads the file once), with an extractor of its own per cursor.</summary>
internal sealed class AudioFeaturesRowMapper : AddedColumnsRowMapper
{
    private readonly AudioFeaturesTransformer _transformer;

    public AudioFeaturesRowMapper(AudioFeaturesTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
        : base(inputSchema, outputSchema, transformer.FindInput(inputSchema)) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly AudioFeaturesOptions _options;
        private readonly FrameFeatures _features;
        private readonly ValueGetter<ReadOnlyMemory<char>> _path;
        private ReadOnlyMemory<char> _pathValue;
        private float[] _values = [];
        private long _computedPosition = -1;

        public Row(AudioFeaturesRowMapper mapper, DataViewRow input, bool addedActive) : base(mapper, input, addedActive)
        {
            _options = mapper._transformer.Settings;
            if (!addedActive) return;
            _features = new FrameFeatures(_options);
            _path = input.GetGetter<ReadOnlyMemory<char>>(mapper.Input);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added)
        {
            if (typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"Column '{column.Name}' is Vector<Single>; asked for {typeof(TValue).Name}.");
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var values = Compute();
                var editor = VBufferEditor.Create(ref value, values.Length);
                values.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        private float[] Compute()
        {
            long position = Input.Position;
            if (position >= 0 && position == _computedPosition) return _values;
            _path(ref _pathValue);
            string path = _pathValue.ToString();
            try
            {
                _values = _features.Compute(WaveSamples.Read(path, _options.SampleRate));
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new InvalidDataException($"Column '{_options.InputColumnName}', row {position}: {e.Message}", e);
            }
            _computedPosition = position;
            return _values;
        }
    }
}
