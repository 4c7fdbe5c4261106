using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>The sequences of a block of rows being scored, copied out of the cursor's reusable buffers into a store
/// that the next block reuses, ready to be stacked into <see cref="PaddedBatch"/>es.</summary>
internal sealed class SequenceBlock
{
    private readonly SequenceColumnReader _reader;
    private readonly SequenceStore _store;

    public SequenceBlock(SequenceColumnReader reader, SequenceFormat format)
    {
        _reader = reader;
        _store = new SequenceStore(format);
    }

    public int Count => _store.Count;

    public void Clear() => _store.Clear();

    /// <summary>Reads the reader's current row into the next slot.</summary>
    public void AddCurrentRow() => _store.AddCurrentRow(_reader, label: 0);

    /// <summary>Steps in row <paramref name="row"/> of the block (0 for an empty sequence).</summary>
    public int Steps(int row) => _store.Steps(row);

    /// <summary>The block's rows <paramref name="rows"/> as one padded batch.</summary>
    public PaddedBatch ToBatch(IReadOnlyList<int> rows) => _store.Batch(rows);
}
