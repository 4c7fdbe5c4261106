namespace RecurrentML.Training;

/// <summary>
/// Which rows are held out for validation: a seeded random fraction, or none when that fraction would be fewer than
/// the minimum row count. Accuracy on a handful of rows moves in steps of 10-20% from one epoch to the next, so it
/// would stop training by chance; below the minimum the rows train instead, for the whole planned budget.
/// </summary>
internal static class ValidationSplit
{
    public static (int[] Train, int[] Validation) Choose(IReadOnlyList<int> candidates, double fraction, int minimumRows, int seed)
    {
        var rows = candidates.ToArray();
        new Random(seed).Shuffle(rows);
        int validation = (int)Math.Round(rows.Length * fraction);
        if (validation < Math.Max(1, minimumRows) || validation >= rows.Length) validation = 0;
        return (rows[validation..], rows[..validation]);
    }
}
