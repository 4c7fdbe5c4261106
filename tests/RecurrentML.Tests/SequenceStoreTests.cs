using RecurrentML.Model;
using RecurrentML.Data;
using Xunit;

namespace RecurrentML.Tests;

public class SequenceStoreTests
{
    [Fact]
    public void Every_row_reads_back_as_written_across_many_growths()
    {
        var store = new SequenceStore(new SequenceFormat(SequenceKind.Tokens, 100, 1, 1000, TruncationSide.Start));
        var random = new Random(1);
        var rows = Enumerable.Range(0, 5000).Select(_ => Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(1, 100)).ToArray()).ToList();
        for (int i = 0; i < rows.Count; i++) store.AddTokens(rows[i], label: i);

        Assert.Equal(rows.Count, store.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i], store.Tokens(i).ToArray());
            Assert.Equal(rows[i].Length, store.Steps(i));
            Assert.Equal(i, store.Label(i));
        }
    }

    [Fact]
    public void Batches_pad_to_the_longest_row_and_give_empty_rows_one_zero_step()
    {
        var store = new SequenceStore(new SequenceFormat(SequenceKind.Floats, 0, 2, 1000, TruncationSide.Start));
        store.AddValues(new float[] { 1, 2, 3, 4 }, 0);
        store.AddValues(Array.Empty<float>(), 1);
        var batch = store.Batch(new[] { 0, 1 });
        Assert.Equal((2, 2, 2), (batch.Rows, batch.Steps, batch.Width));
        Assert.Equal(new long[] { 2, 1 }, batch.Lengths);
        Assert.Equal(new float[] { 1, 2, 3, 4, 0, 0, 0, 0 }, batch.Values);
    }
}
