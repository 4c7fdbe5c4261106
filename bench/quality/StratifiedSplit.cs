namespace RecurrentML.Quality;

/// <summary>
/// A seeded train/test split for the sets that ship without one (uci, sms): each label keeps its share in both parts,
/// so a minority class (13% spam) is not left thin in the test part by chance.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>Shuffles the rows with <paramref name="seed"/>, then puts the first round(n x fraction) of each label into
    /// the test part. Both parts keep the shuffled order: source files and classes are interleaved, whatever order the
    /// rows came in.</summary>
    public static (List<TextRow> Train, List<TextRow> Test) Split(IReadOnlyList<TextRow> rows, double testFraction, int seed)
    {
        var shuffled = rows.ToArray();
        new Random(seed).Shuffle(shuffled);
        var test = new HashSet<TextRow>(ReferenceEqualityComparer.Instance);
        foreach (var label in shuffled.GroupBy(r => r.Label))
            test.UnionWith(label.Take((int)Math.Round(label.Count() * testFraction)));
        return (shuffled.Where(r => !test.Contains(r)).ToList(), shuffled.Where(test.Contains).ToList());
    }
}
