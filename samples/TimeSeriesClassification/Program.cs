// Time-series classification with the recurrent encoders on four UCR/UEA sets (their shipped train/test splits):
// GunPoint (univariate), BasicMotions and JapaneseVowels (multivariate; JapaneseVowels of unequal lengths) and PLAID
// (univariate, unequal lengths of 100 to 1,344 steps). For each set and cell (LSTM, GRU, RNN) it trains the settings
// that 3-fold cross-validation on the training split chose (results/selection.csv; `--select` reruns the selection),
// then reports test accuracy beside 1-NN DTW computed here, the raw vector into LightGbm and SDCA, and published
// references. Writes results/ beside this file.
//
//   dotnet run -c Release --project samples/TimeSeriesClassification [-- --select [set,set...]]
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using RecurrentML;
using TimeSeriesClassification;

// `--select` reruns the selection for every set, `--select PLAID,GunPoint` for those sets (keeping the others' rows).
int selectAt = Array.IndexOf(args, "--select");
bool select = selectAt >= 0;
var setsToSelect = select && selectAt + 1 < args.Length ? args[selectAt + 1].Split(',').ToHashSet() : TsSet.All.Select(s => s.Name).ToHashSet();
var cells = new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn };
string project = ProjectFolder();
string data = Path.Combine(project, "Data");
string results = Path.Combine(project, "results");
string selectionFile = Path.Combine(results, "selection.csv");
Directory.CreateDirectory(results);
var clock = Stopwatch.StartNew();
var mlContext = new MLContext(seed: Pipeline.Seed);

if (select || !File.Exists(selectionFile))
{
    Console.WriteLine($"Choosing settings by 3-fold cross-validation on each training split ({selectionFile}):");
    var selection = File.Exists(selectionFile)
        ? SettingsSelection.LoadAll(selectionFile).Where(r => !setsToSelect.Contains(r.Set)).ToList()
        : new List<SelectionRow>();
    foreach (var set in TsSet.All.Where(s => setsToSelect.Contains(s.Name)))
    {
        var cases = mlContext.Data.LoadFromTsFile(set.TrainFile(data));
        var train = mlContext.Data.Cache(set.Preparation.Apply(mlContext, cases));
        foreach (var cell in cells) selection.AddRange(SettingsSelection.Run(mlContext, set, train, set.Preparation.FeaturesPerStep(cases.Dimensions), cell));
    }
    SettingsSelection.Save(selection, selectionFile);
    Console.WriteLine($"Selection took {clock.Elapsed.TotalMinutes:F1} min.");
}
var chosen = SettingsSelection.Load(selectionFile);

var table = new List<ResultRow>();
foreach (var set in TsSet.All)
{
    var train = mlContext.Data.LoadFromTsFile(set.TrainFile(data));
    var test = mlContext.Data.LoadFromTsFile(set.TestFile(data));
    Console.WriteLine($"{set.Name}: {train.GetRowCount()} train / {test.GetRowCount()} test cases, {train.Dimensions} dimension(s), " +
                      $"lengths {Math.Min(train.MinLength, test.MinLength)}..{Math.Max(train.MaxLength, test.MaxLength)}, {train.ClassLabels.Count} classes");
    // Prepared once per set: the cells read the same rows.
    var preparedTrain = mlContext.Data.Cache(set.Preparation.Apply(mlContext, train));
    var preparedTest = set.Preparation.Apply(mlContext, test);
    foreach (var cell in cells)
    {
        var selected = chosen[(set.Name, cell)];
        var cellClock = Stopwatch.StartNew();
        var model = Pipeline.Create(mlContext, selected.Settings, cell, set.Preparation.FeaturesPerStep(train.Dimensions), set.MaxEncoderSteps)
            .Fit(preparedTrain);
        double accuracy = mlContext.MulticlassClassification.Evaluate(model.Transform(preparedTest)).MicroAccuracy;
        Add(new ResultRow(set.Name, cell.ToString().ToUpperInvariant(), accuracy, cellClock.Elapsed.TotalSeconds,
            $"{selected.Settings}; 3-fold CV on train {selected.CrossValidationAccuracy:F3}"));
    }
    var trainCases = LabelledSeries.Read(train);
    var testCases = LabelledSeries.Read(test);
    var referenceClock = Stopwatch.StartNew();
    Add(new ResultRow(set.Name, "1-NN DTW (computed here)", NearestNeighbourDtw.Accuracy(trainCases, testCases, train.Dimensions),
        referenceClock.Elapsed.TotalSeconds, "full window, squared Euclidean step cost"));
    foreach (var (method, accuracy) in RawVectorBaseline.Evaluate(mlContext, trainCases, testCases))
        Add(new ResultRow(set.Name, method, accuracy, double.NaN, train.MinLength == train.MaxLength && test.MinLength == test.MaxLength
            ? "equal lengths" : $"zero-padded to {trainCases.Max(c => c.Values.Length) / train.Dimensions} steps"));
    foreach (var reference in set.References)
        Add(new ResultRow(set.Name, reference.Method + " (published)", reference.Accuracy, double.NaN, reference.Source));
}

File.WriteAllLines(Path.Combine(results, "results.csv"), table.Select(r => r.ToCsv()).Prepend(ResultRow.CsvHeader));
File.WriteAllText(Path.Combine(results, "results.md"), ResultRow.Markdown(table));
AccuracyChart.Save(table, TsSet.All, Path.Combine(results, "accuracy.png"));
Console.WriteLine($"Wrote {results}/results.md, results.csv, accuracy.png in {clock.Elapsed.TotalMinutes:F1} min.");

void Add(ResultRow row)
{
    table.Add(row);
    Console.WriteLine(row.ToMarkdown());
}

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "TimeSeriesClassification.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}
