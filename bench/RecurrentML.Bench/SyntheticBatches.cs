using RecurrentML.Data;

namespace RecurrentML.Bench;

/// <summary>Seeded random token batches, at the standard configuration unless told otherwise: every row has
/// <see cref="StandardConfig.Length"/> tokens drawn from 1..<see cref="StandardConfig.Vocabulary"/>, labels 0 or 1.</summary>
internal static class SyntheticBatches
{
    public static (PaddedBatch Batch, float[] Labels)[] Create(int count, int seed, int rows = StandardConfig.Batch, int length = StandardConfig.Length,
        int vocabulary = StandardConfig.Vocabulary)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, rows).Select(_ => (ReadOnlyMemory<int>)RandomTokens(random, length, vocabulary)).ToArray();
            var labels = Enumerable.Range(0, rows).Select(_ => (float)random.Next(2)).ToArray();
            return (PaddedBatch.FromTokens(tokens.Length, i => tokens[i]), labels);
        }).ToArray();
    }

    public static int[] RandomTokens(Random random, int length, int vocabulary = StandardConfig.Vocabulary)
    {
        var tokens = new int[length];
        for (int t = 0; t < length; t++) tokens[t] = random.Next(1, vocabulary + 1);
        return tokens;
    }
}
