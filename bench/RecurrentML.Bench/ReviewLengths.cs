namespace RecurrentML.Bench;

/// <summary>
/// Token counts of the Amazon fine-food reviews in <c>samples/ReviewSentiment/Data/training_data.tsv</c> (4,000 real
/// reviews), split on whitespace as <c>TokenizeIntoWords</c> does by default: the length distribution of measures (4)
/// and (6).
/// </summary>
internal static class ReviewLengths
{
    public static int[] Load(string repositoryRoot)
    {
        string path = Path.Combine(repositoryRoot, "samples", "ReviewSentiment", "Data", "training_data.tsv");
        var lines = File.ReadLines(path).Skip(1).ToArray();
        var lengths = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 3) throw new InvalidDataException($"{path} line {i + 2}: expected 3 tab-separated fields (product, review, score), found {fields.Length}.");
            lengths[i] = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        return lengths;
    }

    /// <summary><paramref name="count"/> lengths drawn with replacement from <paramref name="lengths"/>, seeded.</summary>
    public static int[] Sample(int[] lengths, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => lengths[random.Next(lengths.Length)]).ToArray();
    }
}
