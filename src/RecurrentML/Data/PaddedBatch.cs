using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>
/// Rows of a batch laid out as a dense [rows, steps, width] block, right-padded with zeros to the longest row.
/// An empty row is stored as one all-zero step (the unknown token, or a zero vector), so every row has length >= 1
/// and its encoding is defined.
/// </summary>
internal sealed class PaddedBatch
{
    private PaddedBatch(SequenceKind kind, int rows, int steps, int width, long[] tokens, float[] values, long[] lengths)
    {
        Kind = kind;
        Rows = rows;
        Steps = steps;
        Width = width;
        Tokens = tokens;
        Values = values;
        Lengths = lengths;
    }

    /// <summary>The kind of input the rows are (its type makes the batch's tensor: Inputs/InputKind.cs).</summary>
    public SequenceKind Kind { get; }
    public int Rows { get; }
    public int Steps { get; }
    public int Width { get; }
    /// <summary>[rows * steps] token ids for token input, else null.</summary>
    public long[] Tokens { get; }
    /// <summary>[rows * steps * width] values for float input, else null.</summary>
    public float[] Values { get; }
    /// <summary>Valid steps per row, each >= 1.</summary>
    public long[] Lengths { get; }

    /// <summary>Stacks token rows; <paramref name="row"/> returns row i's ids.</summary>
    public static PaddedBatch FromTokens(int rows, Func<int, ReadOnlyMemory<int>> row)
    {
        var (lengths, steps) = MeasureRows(rows, i => row(i).Length);
        var tokens = new long[rows * steps];
        for (int i = 0; i < rows; i++)
        {
            var ids = row(i).Span;
            for (int t = 0; t < ids.Length; t++) tokens[i * steps + t] = ids[t];
        }
        return new PaddedBatch(SequenceKind.Tokens, rows, steps, 1, tokens, null, lengths);
    }

    /// <summary>Stacks float rows of <paramref name="width"/> values per step; <paramref name="row"/> returns row i's values.</summary>
    public static PaddedBatch FromValues(int rows, int width, Func<int, ReadOnlyMemory<float>> row)
    {
        var (lengths, steps) = MeasureRows(rows, i => row(i).Length / width);
        var values = new float[rows * steps * width];
        for (int i = 0; i < rows; i++) row(i).Span.CopyTo(values.AsSpan(i * steps * width));
        return new PaddedBatch(SequenceKind.Floats, rows, steps, width, null, values, lengths);
    }

    private static (long[] Lengths, int Steps) MeasureRows(int rows, Func<int, int> stepsOf)
    {
        var lengths = new long[rows];
        int longest = 1;
        for (int i = 0; i < rows; i++)
        {
            int steps = Math.Max(1, stepsOf(i));
            lengths[i] = steps;
            longest = Math.Max(longest, steps);
        }
        return (lengths, longest);
    }
}
