using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.LanguageModels;

/// <summary>The result of <see cref="LanguageModelTransformer.Transform"/>: the input columns plus the generated text,
/// made row by row by a <see cref="GeneratedTextMapper"/> as a cursor moves (generation is sequential per row, so
/// there is nothing to batch).</summary>
internal sealed class GeneratedTextDataView : IDataView
{
    private readonly IDataView _source;
    private readonly GeneratedTextMapper _mapper;

    public GeneratedTextDataView(LanguageModelTransformer transformer, IDataView source, DataViewSchema schema)
    {
        _source = source;
        _mapper = new GeneratedTextMapper(transformer, source.Schema, schema);
        Schema = schema;
    }

    public DataViewSchema Schema { get; }
    public bool CanShuffle => _source.CanShuffle;
    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null)
    {
        var needed = columnsNeeded.ToList();
        var sourceColumns = _mapper.GetDependencies(needed);
        return new Cursor(this, _source.GetRowCursor(sourceColumns, rand), needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly GeneratedTextDataView _view;
        private readonly DataViewRowCursor _source;
        private readonly DataViewRow _row;

        public Cursor(GeneratedTextDataView view, DataViewRowCursor source, IEnumerable<DataViewSchema.Column> needed)
        {
            _view = view;
            _source = source;
            _row = view._mapper.GetRow(source, needed);
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _source.Position;
        public override long Batch => _source.Batch;
        public override bool MoveNext() => _source.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _source.Dispose();
            base.Dispose(disposing);
        }
    }
}
