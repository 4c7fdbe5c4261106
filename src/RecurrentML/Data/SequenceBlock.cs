namespace RecurrentML.Data;

/// <summary>The sequences of a block of rows being scored, copied out of the cursor's reusable buffers, ready to be
/// stacked into <see cref="PaddedBatch"/>es.</summary>
internal sealed class SequenceBlock
{
    private readonly SequenceColumnReader _reader;
    private readonly SequenceFormat _format;
    private readonly int[][] _tokens;
    private readonly float[][] _values;
    private readonly int[] _lengths;

    public SequenceBlock(SequenceColumnReader reader, SequenceFormat format, int capacity)
    {
        _reader = reader;
        _format = format;
        _lengths = new int[capacity];
        if (format.Kind == SequenceKind.Tokens) _tokens = new int[capacity][];
        else _values = new float[capacity][];
    }

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Reads the reader's current row into the next slot.</summary>
    public void AddCurrentRow()
    {
        if (_format.Kind == SequenceKind.Tokens) _lengths[Count] = CopyInto(ref _tokens[Count], _reader.ReadTokens());
        else _lengths[Count] = CopyInto(ref _values[Count], _reader.ReadValues());
        Count++;
    }

    /// <summary>Steps in row <paramref name="row"/> of the block (0 for an empty sequence).</summary>
    public int Steps(int row) => _lengths[row] / _format.StepWidth;

    /// <summary>The block's rows <paramref name="rows"/> as one padded batch.</summary>
    public PaddedBatch ToBatch(IReadOnlyList<int> rows) => _format.Kind == SequenceKind.Tokens
        ? PaddedBatch.FromTokens(rows.Count, i => _tokens[rows[i]].AsMemory(0, _lengths[rows[i]]))
        : PaddedBatch.FromValues(rows.Count, _format.StepWidth, i => _values[rows[i]].AsMemory(0, _lengths[rows[i]]));

    private static int CopyInto<T>(ref T[] slot, ReadOnlySpan<T> values)
    {
        if (slot == null || slot.Length < values.Length) slot = new T[values.Length];
        values.CopyTo(slot);
        return values.Length;
    }
}
