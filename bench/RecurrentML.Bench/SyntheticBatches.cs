using RecurrentML.Data;

namespace RecurrentML.Bench;

/// <summary>Seeded random token batches at the standard configuration: every row has <see cref="StandardConfig.Length"/>
/// tokens drawn from 1..<see cref="StandardConfig.Vocabulary"/>, labels 0 or 1.</summary>
internal static class SyntheticBatches
{
    public static (PaddedBatch Batch, float[] Labels)[] Create(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var rows = Enumerable.Range(0, StandardConfig.Batch)
                .Select(_ => (ReadOnlyMemory<int>)RandomTokens(random, StandardConfig.Length)).ToArray();
            var labels = Enumerable.Range(0, StandardConfig.Batch).Select(_ => (float)random.Next(2)).ToArray();
            return (PaddedBatch.FromTokens(rows.Length, i => rows[i]), labels);
        }).ToArray();
    }

    public static int[] RandomTokens(Random random, int length)
    {
        var tokens = new int[length];
        for (int t = 0; t < length; t++) tokens[t] = random.Next(1, StandardConfig.Vocabulary + 1);
        return tokens;
    }
}
