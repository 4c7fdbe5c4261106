using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;

namespace RecurrentML.Tagging;

/// <summary>
/// Maps one sentence at a time, for <c>PredictionEngine</c>: the current row's tokens are tagged in managed code on the
/// calling thread (<see cref="Network.RowScoring.RowTagger"/>), once per row position, so reading both added columns pays
/// once. (<c>Transform</c> tags blocks of sentences with torch: <see cref="TaggingDataView"/>.)
/// </summary>
internal sealed class TaggerRowMapper : AddedColumnsRowMapper
{
    private readonly RecurrentTaggerTransformer _transformer;

    public TaggerRowMapper(RecurrentTaggerTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema, DataViewSchema.Column tokens)
        : base(inputSchema, outputSchema, tokens) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly RecurrentTaggerTransformer _transformer;
        private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>> _tokens;
        private VBuffer<ReadOnlyMemory<char>> _words;
        private (uint[] Keys, float[] Probabilities) _tagged;
        private long _taggedPosition = -1;

        public Row(TaggerRowMapper mapper, DataViewRow input, bool addedActive) : base(mapper, input, addedActive)
        {
            _transformer = mapper._transformer;
            if (addedActive) _tokens = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(mapper.Input);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added)
        {
            Delegate getter = added == 0
                ? (ValueGetter<VBuffer<uint>>)((ref VBuffer<uint> value) => value = new VBuffer<uint>(Current().Keys.Length, Current().Keys.ToArray()))
                : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => value = new VBuffer<float>(Current().Probabilities.Length, Current().Probabilities.ToArray()));
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue)} was requested.");
        }

        private (uint[] Keys, float[] Probabilities) Current()
        {
            long position = Input.Position;
            if (position >= 0 && position == _taggedPosition) return _tagged;
            _tokens(ref _words);
            _tagged = _transformer.TagSentence(_words.DenseValues().Select(w => w.ToString()).ToArray());
            _taggedPosition = position;
            return _tagged;
        }
    }
}
