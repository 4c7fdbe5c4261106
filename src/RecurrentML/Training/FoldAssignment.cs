namespace RecurrentML.Training;

/// <summary>A seeded split of rows 0..count-1 into folds of near-equal size: the rows of each fold, and the rest.</summary>
internal sealed class FoldAssignment
{
    private readonly int[][] _folds;

    public FoldAssignment(int count, int folds, int seed)
    {
        var rows = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(rows);
        _folds = Enumerable.Range(0, folds).Select(f => rows.Where((_, i) => i % folds == f).Order().ToArray()).ToArray();
    }

    public int Count => _folds.Length;

    public int[] Rows(int fold) => _folds[fold];

    public int[] RowsOutside(int fold) => _folds.Where((_, f) => f != fold).SelectMany(r => r).Order().ToArray();
}
