using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using RecurrentML.Model;

namespace RecurrentML.LanguageModels;

/// <summary>
/// Maps one row at a time (for <c>PredictionEngine</c>, and under <see cref="MappedRowsDataView"/>'s cursor): the
/// generated text column's getter reads the row's prompt tokens and generates. Nothing is cached; each call generates,
/// and the same prompt gives the same text.
/// </summary>
internal sealed class GeneratedTextMapper : AddedColumnsRowMapper
{
    private readonly LanguageModelTransformer _transformer;

    public GeneratedTextMapper(LanguageModelTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema)
        : base(inputSchema, outputSchema, transformer.FindInput(inputSchema)) => _transformer = transformer;

    protected override DataViewRow CreateRow(DataViewRow input, bool addedActive) => new Row(this, input, addedActive);

    private sealed class Row : PassThroughRow
    {
        private readonly GeneratedTextMapper _mapper;
        private readonly SequenceColumnReader _prompt;

        public Row(GeneratedTextMapper mapper, DataViewRow input, bool textActive) : base(mapper, input, textActive)
        {
            _mapper = mapper;
            if (!textActive) return;
            var format = new SequenceFormat(SequenceKind.Tokens, mapper._transformer.Vocabulary.Count, 1, int.MaxValue, TruncationSide.Start);
            _prompt = new SequenceColumnReader(input, mapper.Input, format);
        }

        protected override ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column, int added)
        {
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) =>
                value = _mapper._transformer.GenerateText(_prompt.ReadTokens()).AsMemory();
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds text; a getter of {typeof(TValue)} was requested.");
        }
    }
}
