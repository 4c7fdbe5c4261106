using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// A language model's text laid out for truncated backpropagation through time: the rows' ids, each row followed by
/// the end-of-row id, joined into one stream and cut into <c>columns</c> equal streams read side by side (the tail that
/// does not fill a column is dropped), then read in chunks of at most <c>chunkLength</c> steps, each chunk's targets
/// being the next ids. A column's state carries from one chunk into the next, so the model sees context beyond a chunk.
/// </summary>
internal sealed class TokenBatches
{
    private readonly long[] _columnMajor;

    public TokenBatches(IEnumerable<int[]> rows, int endOfRow, int columns, int chunkLength)
    {
        var stream = new List<long>();
        foreach (var row in rows)
        {
            foreach (int id in row) stream.Add(id);
            stream.Add(endOfRow);
        }
        Columns = columns;
        StepsPerColumn = stream.Count / columns;
        ChunkLength = chunkLength;
        // Time-major: element [t, c] is token t of column c, which is stream[c * StepsPerColumn + t].
        _columnMajor = new long[StepsPerColumn * columns];
        for (int c = 0; c < columns; c++)
            for (int t = 0; t < StepsPerColumn; t++)
                _columnMajor[t * columns + c] = stream[c * StepsPerColumn + t];
    }

    public int Columns { get; }
    public int StepsPerColumn { get; }
    public int ChunkLength { get; }

    /// <summary>Chunks in one pass; 0 when a column holds fewer than two tokens.</summary>
    public int ChunkCount => StepsPerColumn < 2 ? 0 : (StepsPerColumn - 2) / ChunkLength + 1;

    /// <summary>Tokens predicted in one pass (every chunk's targets).</summary>
    public long TargetCount => StepsPerColumn < 2 ? 0 : (long)(StepsPerColumn - 1) * Columns;

    /// <summary>The columns a stream of <paramref name="tokens"/> ids can be cut into with at least two chunks' worth
    /// of steps each, at most <paramref name="wanted"/>, at least 1.</summary>
    public static int ColumnsFor(long tokens, int wanted, int chunkLength) =>
        (int)Math.Clamp(tokens / (2L * chunkLength), 1, wanted);

    /// <summary>Chunk <paramref name="index"/>: inputs and targets, [steps, columns] int64 on <paramref name="device"/>.</summary>
    public (Tensor Inputs, Tensor Targets) Chunk(int index, Device device)
    {
        int start = index * ChunkLength;
        int steps = Math.Min(ChunkLength, StepsPerColumn - 1 - start);
        var inputs = tensor(_columnMajor.AsSpan(start * Columns, steps * Columns).ToArray(), new long[] { steps, Columns }, device: device);
        var targets = tensor(_columnMajor.AsSpan((start + 1) * Columns, steps * Columns).ToArray(), new long[] { steps, Columns }, device: device);
        return (inputs, targets);
    }
}
