using System.Text;

namespace RecurrentML.Quality;

/// <summary>
/// The main run's files: <c>results.csv</c> (one row per set with a test part), <c>results.md</c> (the same table, the
/// cross-validated sets' table, the machine and the notes) and the CSV of the cross-validated sets. A run writes the
/// sets it ran, replacing the previous run's files.
/// </summary>
internal static class ResultsReport
{
    private static string CsvHeader(IReadOnlyList<Method> methods) => "set,train_rows,test_rows,"
        + string.Join(',', methods.Select(m => $"{m.Name()}_accuracy,{m.Name()}_seconds")) + ",fasttext_threads,processors,os,date,note";

    /// <summary>The methods that ran on some set, in the table's order.</summary>
    private static Method[] Ran(IReadOnlyList<SetResult> sets) => Methods.All.Where(m => sets.Any(s => s.Methods.ContainsKey(m))).ToArray();

    /// <summary>Writes <c>{name}.csv</c>, <c>{name}.md</c> (its chart <c>accuracy.png</c> for the whole study's
    /// "results", else <c>{name}.png</c>) and, when sets were cross-validated, <c>wordorder-cv.csv</c>.</summary>
    public static void Write(string folder, string name, RunInfo run, IReadOnlyList<SetResult> sets, IReadOnlyList<(QualitySet Set, CvRow Row)> crossValidated)
    {
        File.WriteAllLines(Path.Combine(folder, name + ".csv"), sets.Select(s => CsvLine(s, Ran(sets), run)).Prepend(CsvHeader(Ran(sets))));
        if (crossValidated.Count > 0)
            File.WriteAllLines(Path.Combine(folder, "wordorder-cv.csv"), crossValidated.Select(c => c.Row.ToCsv()).Prepend(CvRow.CsvHeader));
        File.WriteAllText(Path.Combine(folder, name + ".md"), Markdown(run, sets, crossValidated, name == "results" ? "accuracy.png" : name + ".png"));
    }

    public static string Markdown(RunInfo run, IReadOnlyList<SetResult> sets, IReadOnlyList<(QualitySet Set, CvRow Row)> crossValidated, string chart)
    {
        var methods = Ran(sets);
        var md = new StringBuilder();
        md.Append("# Quality study: default options against what an ML.NET user already has\n\n")
            .Append($"Run {run}.\n\nEach method is fitted once on a set's training part and scored once on its test part: test accuracy, ")
            .Append("and the Fit wall-clock seconds (s). Every encoder option at its default. fastText trains with its default ")
            .Append($"{FastText.DefaultThreads} threads, the ML.NET trainers on 1, the encoder on every core.\n\n");
        if (sets.Count > 0)
        {
            md.Append("| set | train | test | " + string.Join(" | ", methods.Select(m => $"{m.Name()} | s")) + " |\n")
                .Append("|---|---:|---:|" + string.Concat(Enumerable.Repeat("---:|---:|", methods.Length)) + "\n");
            foreach (var s in sets)
                md.Append($"| {s.Set.Name} | {s.TrainRows:N0} | {s.TestRows:N0} | "
                    + string.Join(" | ", methods.Select(m => !s.Methods.TryGetValue(m, out var r) ? "– | –" : r.Ran ? $"{r.Accuracy:F3} | {r.Seconds:F1}" : "not run | "))
                    + " |\n");
            md.Append('\n');
            foreach (var s in sets) md.Append($"- {s.Set.Name}: {s.Set.Note}.\n");
            foreach (string reason in sets.SelectMany(s => s.Methods.Values).Where(r => !r.Ran).Select(r => r.NotRunReason).Distinct())
                md.Append($"- Not run: {reason}.\n");
            md.Append($"\n![accuracy]({chart})\n\n");
        }
        foreach (var (set, row) in crossValidated)
            md.Append($"## {set.Name}\n\n{set.Note}; the default recurrent pipeline.\n\n").Append(CvRow.Markdown(new[] { row }))
                .Append($"\nTarget: every fold >= {set.FoldTarget:F2}: {(row.Min >= set.FoldTarget ? "met" : "not met")} (lowest fold {row.Min:F3}).\n\n");
        return md.ToString();
    }

    private static string CsvLine(SetResult s, IReadOnlyList<Method> methods, RunInfo run)
    {
        var notRun = s.Methods.Where(m => !m.Value.Ran).Select(m => $"{m.Key.Name()}: {m.Value}");
        return string.Join(',', new[] { s.Set.Name, s.TrainRows.ToString(), s.TestRows.ToString() }
            .Concat(methods.SelectMany(m => s.Methods.TryGetValue(m, out var r)
                ? new[] { Csv.Number(r.Accuracy, "F4"), Csv.Number(r.Seconds, "F2") }
                : new[] { "", "" }))
            .Concat(new[] { FastText.DefaultThreads.ToString(), run.Processors.ToString(), Csv.Text(run.OperatingSystem), run.Date,
                Csv.Text(string.Join("; ", notRun.Prepend(s.Set.Note))) }));
    }
}
