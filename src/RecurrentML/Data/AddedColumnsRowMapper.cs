using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>
/// The part every RecurrentML row mapper shares (for <c>PredictionEngine</c>): the input columns pass through, and
/// the columns added after them all depend on one input column. A subclass says what an added column's getter
/// computes from the current row; <see cref="PassThroughRow"/> does the rest.
/// </summary>
internal abstract class AddedColumnsRowMapper : IRowToRowMapper
{
    protected AddedColumnsRowMapper(DataViewSchema inputSchema, DataViewSchema outputSchema, DataViewSchema.Column input)
    {
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        Input = input;
    }

    public DataViewSchema InputSchema { get; }
    public DataViewSchema OutputSchema { get; }

    /// <summary>The input column every added column is computed from.</summary>
    public DataViewSchema.Column Input { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        dependingColumns.Select(c => c.Index < InputSchema.Count ? InputSchema[c.Index] : Input).Distinct().ToList();

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        CreateRow(input, activeColumns.Any(c => c.Index >= InputSchema.Count));

    /// <summary>The mapped row over <paramref name="input"/>; <paramref name="addedActive"/> says whether any added
    /// column was asked for (when not, nothing needs computing).</summary>
    protected abstract DataViewRow CreateRow(DataViewRow input, bool addedActive);

    /// <summary>A mapped row: input columns from the input row, added columns from <see cref="AddedGetter{TValue}"/>.</summary>
    protected abstract class PassThroughRow : DataViewRow
    {
        private readonly AddedColumnsRowMapper _mapper;
        private readonly bool _addedActive;

        protected PassThroughRow(AddedColumnsRowMapper mapper, DataViewRow input, bool addedActive)
        {
            _mapper = mapper;
            Input = input;
            _addedActive = addedActive;
        }

        protected DataViewRow Input { get; }

        public override DataViewSchema Schema => _mapper.OutputSchema;
        public override long Position => Input.Position;
        public override long Batch => Input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => Input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _mapper.InputSchema.Count ? Input.IsColumnActive(_mapper.InputSchema[column.Index]) : _addedActive;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _mapper.InputSchema.Count) return Input.GetGetter<TValue>(_mapper.InputSchema[column.Index]);
            if (!_addedActive) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            return AddedGetter<TValue>(column, column.Index - _mapper.InputSchema.Count);
        }

        /// <summary>The getter of added column <paramref name="added"/> (0 for the first added column).</summary>
        protected abstract ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added);
    }
}
