namespace LongMemory;

/// <summary>First-token recall: a sequence of tokens from a vocabulary of 10; the label is the first token.
/// Both are plain numbers here; the pipeline maps them to keys, as it would real data.</summary>
public sealed class RecallRow
{
    public uint[] Tokens { get; set; }
    public uint Label { get; set; }
}

/// <summary>The adding problem: per step a value in [0, 1] and a marker; exactly two steps are marked; the label is
/// the sum of the two marked values.</summary>
public sealed class AddingRow
{
    public float[] Steps { get; set; }
    public float Label { get; set; }
}

/// <summary>Seeded generators of the two long-range memory tasks.</summary>
public static class MemoryTasks
{
    public const int Vocabulary = 10;

    public static List<RecallRow> Recall(int count, int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, length).Select(_ => (uint)random.Next(1, Vocabulary + 1)).ToArray();
            return new RecallRow { Tokens = tokens, Label = tokens[0] };
        }).ToList();
    }

    /// <summary>As in Hochreiter and Schmidhuber (1997) and Le et al. (2015): one marked step in the first half of
    /// the sequence, one in the second, so the first marked value must be kept for at least half the sequence.</summary>
    public static List<AddingRow> Adding(int count, int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var steps = new float[2 * length];
            for (int t = 0; t < length; t++) steps[2 * t] = (float)random.NextDouble();
            int first = random.Next(length / 2), second = length / 2 + random.Next(length - length / 2);
            steps[2 * first + 1] = steps[2 * second + 1] = 1;
            return new AddingRow { Steps = steps, Label = steps[2 * first] + steps[2 * second] };
        }).ToList();
    }
}
