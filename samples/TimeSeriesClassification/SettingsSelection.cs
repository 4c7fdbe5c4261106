using System.Globalization;
using Microsoft.ML;
using RecurrentML;

namespace TimeSeriesClassification;

/// <summary>
/// Chooses each set's and cell's encoder settings by 3-fold cross-validation on the training split (the test split is
/// never read), and keeps the choice in <c>results/selection.csv</c> so that a plain run trains only the chosen ones.
/// </summary>
internal static class SettingsSelection
{
    private const int Folds = 3;

    /// <summary>The grid: the set's widths and training lengths, at the learning rate and pooling that did best in first
    /// trials (Last pooling over Mean, Max and Attention; 1e-2 over 3e-3).</summary>
    public static IEnumerable<EncoderSettings> Candidates(TsSet set) =>
        from hidden in set.HiddenSizes
        from epochs in set.EpochCounts
        select new EncoderSettings(hidden, LearningRate: 1e-2, epochs, set.BatchSize, SequencePooling.Last, Bidirectional: false);

    /// <summary>Cross-validates every candidate; returns the rows of the selection table, best first per set and cell.</summary>
    public static IReadOnlyList<SelectionRow> Run(MLContext mlContext, TsSet set, IDataView train, int featuresPerStep, RecurrentCell cell)
    {
        var rows = new List<SelectionRow>();
        foreach (var candidate in Candidates(set))
        {
            var pipeline = Pipeline.Create(mlContext, candidate, cell, featuresPerStep, set.MaxEncoderSteps);
            var folds = mlContext.MulticlassClassification.CrossValidate(train, pipeline, Folds, seed: Pipeline.Seed);
            var row = new SelectionRow(set.Name, cell, candidate, folds.Average(f => f.Metrics.MicroAccuracy));
            Console.WriteLine($"  {set.Name} {cell}: {Folds}-fold CV accuracy {row.CrossValidationAccuracy:F3}  {candidate}");
            rows.Add(row);
        }
        return rows.OrderByDescending(r => r.CrossValidationAccuracy).ToList();
    }

    public static void Save(IEnumerable<SelectionRow> rows, string path) =>
        File.WriteAllLines(path, rows.Select(r => r.ToCsv()).Prepend(SelectionRow.CsvHeader));

    /// <summary>The chosen settings per set and cell: the first (best) row of each in the saved table.</summary>
    public static IReadOnlyDictionary<(string Set, RecurrentCell Cell), SelectionRow> Load(string path) =>
        LoadAll(path).GroupBy(r => (r.Set, r.Cell)).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Every row of the saved table, in its order.</summary>
    public static IReadOnlyList<SelectionRow> LoadAll(string path) => File.ReadLines(path).Skip(1).Select(SelectionRow.Parse).ToList();
}

/// <summary>One candidate's cross-validated accuracy.</summary>
internal sealed record SelectionRow(string Set, RecurrentCell Cell, EncoderSettings Settings, double CrossValidationAccuracy)
{
    public const string CsvHeader = "set,cell,hidden,learning_rate,epochs,batch,pooling,bidirectional,cv_accuracy";

    public string ToCsv() => string.Join(',', Set, Cell, Settings.HiddenSize, Settings.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        Settings.Epochs, Settings.BatchSize, Settings.Pooling, Settings.Bidirectional, CrossValidationAccuracy.ToString("F4", CultureInfo.InvariantCulture));

    public static SelectionRow Parse(string line)
    {
        var f = line.Split(',');
        var settings = new EncoderSettings(int.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
            int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture), Enum.Parse<SequencePooling>(f[6]), bool.Parse(f[7]));
        return new SelectionRow(f[0], Enum.Parse<RecurrentCell>(f[1]), settings, double.Parse(f[8], CultureInfo.InvariantCulture));
    }
}
