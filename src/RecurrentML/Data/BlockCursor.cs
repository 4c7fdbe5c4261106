using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>
/// A cursor over a transform's output that reads a block of source rows ahead, keeps their pass-through values, ids and
/// batch numbers, and lets the transform compute its added columns for the whole block at once (one network call per
/// batch of rows instead of one per row). A subclass reads what it needs from each source row
/// (<see cref="ReadRow"/>), computes the block (<see cref="EndBlock"/>) and serves its added columns for
/// <see cref="Slot"/>, the current row's place in the block.
/// </summary>
internal abstract class BlockCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _source;
    private readonly int _sourceColumns;
    private readonly Dictionary<int, ColumnBuffer> _passThrough = new();
    private readonly ValueGetter<DataViewRowId> _sourceId;
    private readonly DataViewRowId[] _ids;
    private readonly long[] _batches;
    private int _filled;
    private long _position = -1;
    private bool _sourceDone;

    /// <param name="schema">The transform's output schema: the source's columns, then the added ones.</param>
    /// <param name="source">A cursor of the source with the pass-through columns and whatever the added ones read.</param>
    /// <param name="sourceColumns">Columns of the source's schema.</param>
    /// <param name="passThrough">The source columns the caller asked for.</param>
    /// <param name="blockSize">Rows read ahead.</param>
    protected BlockCursor(DataViewSchema schema, DataViewRowCursor source, int sourceColumns, IEnumerable<DataViewSchema.Column> passThrough, int blockSize)
    {
        Schema = schema;
        _source = source;
        _sourceColumns = sourceColumns;
        foreach (var column in passThrough) _passThrough[column.Index] = ColumnBuffer.Create(source, column, blockSize);
        _sourceId = source.GetIdGetter();
        _ids = new DataViewRowId[blockSize];
        _batches = new long[blockSize];
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _position;
    public override long Batch => Slot >= 0 && Slot < _filled ? _batches[Slot] : 0;

    /// <summary>The current row's place in the block.</summary>
    protected int Slot { get; private set; } = -1;

    /// <summary>The id of the row at <paramref name="slot"/> of the block.</summary>
    protected DataViewRowId Id(int slot) => _ids[slot];

    public override bool MoveNext()
    {
        if (++Slot >= _filled && !ReadBlock()) return false;
        _position++;
        return true;
    }

    private bool ReadBlock()
    {
        Slot = 0;
        _filled = 0;
        StartBlock();
        while (!_sourceDone && _filled < _ids.Length)
        {
            if (!_source.MoveNext())
            {
                _sourceDone = true;
                break;
            }
            foreach (var buffer in _passThrough.Values) buffer.Fill(_filled);
            _sourceId(ref _ids[_filled]);
            _batches[_filled] = _source.Batch;
            ReadRow(_filled);
            _filled++;
        }
        if (_filled > 0) EndBlock(_filled);
        return _filled > 0;
    }

    /// <summary>Called before a block's first row is read.</summary>
    protected virtual void StartBlock() { }

    /// <summary>Reads what the added columns need from the source's current row, the block's row <paramref name="slot"/>.</summary>
    protected abstract void ReadRow(int slot);

    /// <summary>Computes the added columns of the block's <paramref name="rows"/> rows. <see cref="Position"/> is still the
    /// row before the block's first.</summary>
    protected abstract void EndBlock(int rows);

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[Slot];

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index < _sourceColumns ? _passThrough.ContainsKey(column.Index) : IsAddedActive(column);

    /// <summary>Whether an added column was requested.</summary>
    protected abstract bool IsAddedActive(DataViewSchema.Column column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index >= _sourceColumns)
            return IsAddedActive(column) ? AddedGetter<TValue>(column)
                : throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
        if (!_passThrough.TryGetValue(column.Index, out var buffer))
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
        return buffer.Getter(() => Slot) as ValueGetter<TValue> ?? throw WrongType<TValue>(column);
    }

    /// <summary>The getter of a requested added column, for the row at <see cref="Slot"/>.</summary>
    protected abstract ValueGetter<TValue> AddedGetter<TValue>(DataViewSchema.Column column);

    protected static InvalidOperationException WrongType<TValue>(DataViewSchema.Column column) =>
        new($"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue)} was requested.");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source.Dispose();
        base.Dispose(disposing);
    }
}
