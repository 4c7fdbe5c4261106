using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Inputs;
using RecurrentML.Model;
using RecurrentML.Network.RowScoring;

namespace RecurrentML.Encoders;

/// <summary>
/// Maps one row at a time, for <c>PredictionEngine</c>: the current row is encoded with the managed
/// <see cref="RowEncoder"/> on the calling thread, once per row position (as ML.NET's own caching mappers do: a
/// prediction engine moves its row's position on at every call), so a pipeline that reads the encoding twice, a trainer
/// after the encoder and the output object, pays once. Agrees with the batched <see cref="EncodingDataView"/>, because a row's encoding does not depend on
/// the rows scored beside it and both compute the network's function.
/// </summary>
internal sealed class EncodingRowMapper : AddedColumnsRowMapper
{
    private readonly RecurrentEncoderTransformer _transformer;

    public EncodingRowMapper(RecurrentEncoderTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
        : base(inputSchema, outputSchema, transformer.FindInput(inputSchema)) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly RecurrentEncoderTransformer _transformer;
        private readonly SequenceColumnReader _reader;
        private readonly InputKind _input;
        private readonly float[] _encoding;
        private float[] _stepWeights = Array.Empty<float>();
        private long _encodedPosition = -1;
        private bool _encodedStepWeights;

        public Row(EncodingRowMapper mapper, DataViewRow input, bool encodingActive) : base(mapper, input, encodingActive)
        {
            _transformer = mapper._transformer;
            _encoding = new float[_transformer.EncodingSize];
            _input = InputKind.Of(_transformer.Sequence);
            if (encodingActive) _reader = new SequenceColumnReader(input, mapper.Input, _transformer.Sequence);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added) =>
            EncoderOutputs.Getter<TValue>(column, _transformer.Outputs[added],
                () => EncodeCurrentRow(stepWeights: false), () => EncodeCurrentRowWeights(),
                () => _transformer.Head.ApplyAll(EncodeCurrentRow(stepWeights: false), rows: 1));

        private ReadOnlySpan<float> EncodeCurrentRowWeights()
        {
            EncodeCurrentRow(stepWeights: true);
            return _stepWeights;
        }

        /// <summary>The current row's encoding; with <paramref name="stepWeights"/>, also its step weights, one per
        /// step read (an empty row reads as one step).</summary>
        private ReadOnlySpan<float> EncodeCurrentRow(bool stepWeights)
        {
            long position = Input.Position;
            if (position >= 0 && position == _encodedPosition && (_encodedStepWeights || !stepWeights)) return _encoding;
            _input.EncodeRow(_transformer.RowEncoder, _reader, _encoding, steps => WeightsBuffer(stepWeights, steps));
            FiniteEncodingCheck.Check(_encoding, _transformer.InputColumnName, position, _transformer.Model.Network);
            (_encodedPosition, _encodedStepWeights) = (position, stepWeights);
            return _encoding;
        }

        private Span<float> WeightsBuffer(bool wanted, int steps)
        {
            if (!wanted) return default;
            int length = Math.Max(1, steps);
            if (_stepWeights.Length != length) _stepWeights = new float[length];
            return _stepWeights;
        }
    }
}
