using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Network;

namespace RecurrentML.Encoders;

/// <summary>
/// Maps one row at a time, for <c>PredictionEngine</c>: each call of an output's getter encodes the current row (the
/// row gives no reliable sign that it changed, so nothing is cached). Agrees with the batched
/// <see cref="EncodingDataView"/>, because a row's encoding does not depend on the rows scored beside it.
/// </summary>
internal sealed class EncodingRowMapper : AddedColumnsRowMapper
{
    private readonly RecurrentEncoderTransformer _transformer;

    public EncodingRowMapper(RecurrentEncoderTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
        : base(inputSchema, outputSchema, transformer.FindInput(inputSchema)) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly EncodingRowMapper _mapper;
        private readonly SequenceBlock _block;

        public Row(EncodingRowMapper mapper, DataViewRow input, bool encodingActive) : base(mapper, input, encodingActive)
        {
            _mapper = mapper;
            if (!encodingActive) return;
            var sequence = mapper._transformer.Sequence;
            _block = new SequenceBlock(new SequenceColumnReader(input, mapper.Input, sequence), sequence, capacity: 1);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added)
        {
            var transformer = _mapper._transformer;
            return EncoderOutputs.Getter<TValue>(column, transformer.Outputs[added],
                () => EncodeCurrentRow(stepWeights: false).Encodings, () => EncodeCurrentRow(stepWeights: true).StepWeights[0],
                () => transformer.Head.ApplyAll(EncodeCurrentRow(stepWeights: false).Encodings, rows: 1));
        }

        private EncodedBlock EncodeCurrentRow(bool stepWeights)
        {
            _block.Clear();
            _block.AddCurrentRow();
            return _mapper._transformer.Encoder.Encode(_block, stepWeights);
        }
    }
}
