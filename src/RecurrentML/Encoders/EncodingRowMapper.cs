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
internal sealed class EncodingRowMapper : IRowToRowMapper
{
    private readonly RecurrentEncoderTransformer _transformer;
    private readonly DataViewSchema.Column _input;

    public EncodingRowMapper(RecurrentEncoderTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        _transformer = transformer;
        _input = transformer.FindInput(inputSchema);
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
    }

    public DataViewSchema InputSchema { get; }
    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        dependingColumns
            .Select(c => c.Index < InputSchema.Count ? InputSchema[c.Index] : _input)
            .Distinct()
            .ToList();

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(this, input, activeColumns.Any(c => c.Index >= InputSchema.Count));

    private sealed class Row : DataViewRow
    {
        private readonly EncodingRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly SequenceBlock _block;

        public Row(EncodingRowMapper mapper, DataViewRow input, bool encodingActive)
        {
            _mapper = mapper;
            _input = input;
            if (!encodingActive) return;
            var sequence = mapper._transformer.Sequence;
            _block = new SequenceBlock(new SequenceColumnReader(input, mapper._input, sequence), sequence, capacity: 1);
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;
        public override long Position => _input.Position;
        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _mapper.InputSchema.Count ? _input.IsColumnActive(_mapper.InputSchema[column.Index]) : _block != null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _mapper.InputSchema.Count) return _input.GetGetter<TValue>(_mapper.InputSchema[column.Index]);
            if (_block == null) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            var transformer = _mapper._transformer;
            return EncoderOutputs.Getter<TValue>(column, transformer.Outputs[column.Index - _mapper.InputSchema.Count],
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
