namespace RecurrentML.Quality;

/// <summary>One candidate's cross-validation on one set's training rows: a line of <c>results/cv.csv</c>.</summary>
/// <param name="FoldAccuracies">Each fold's accuracy on its held-out rows, in fold order.</param>
/// <param name="MeanFitSeconds">The folds' mean Fit wall-clock seconds (scoring the held-out rows not included).</param>
internal sealed record CvRow(string Date, string Set, string Candidate, Method Method, IReadOnlyList<double> FoldAccuracies, double MeanFitSeconds)
{
    public double Mean => FoldAccuracies.Average();

    public double Min => FoldAccuracies.Min();

    public static readonly string CsvHeader = "date,set,candidate,method,"
        + string.Join(',', Enumerable.Range(1, CrossValidation.Folds).Select(f => $"fold{f}_accuracy")) + ",mean_accuracy,min_accuracy,mean_fit_seconds";

    public string ToCsv() => string.Join(',', new[] { Date, Set, Candidate, Method.Name() }
        .Concat(FoldAccuracies.Select(a => Csv.Number(a, "F4")))
        .Concat(new[] { Csv.Number(Mean, "F4"), Csv.Number(Min, "F4"), Csv.Number(MeanFitSeconds, "F2") }));

    public static string Markdown(IEnumerable<CvRow> rows) =>
        "| set | candidate | method | " + string.Join(" | ", Enumerable.Range(1, CrossValidation.Folds).Select(f => $"fold {f}")) + " | mean | min | fit s (mean) |\n"
        + "|---|---|---|" + string.Concat(Enumerable.Repeat("---:|", CrossValidation.Folds + 3)) + "\n"
        + string.Concat(rows.Select(r => $"| {r.Set} | {r.Candidate} | {r.Method.Name()} | {string.Join(" | ", r.FoldAccuracies.Select(a => a.ToString("F3")))} | "
            + $"{r.Mean:F3} | {r.Min:F3} | {r.MeanFitSeconds:F1} |\n"));
}
