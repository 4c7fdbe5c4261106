// The quality study (README.md beside this file): on real data sets, the recurrent encoder with its default options
// against what an ML.NET user already has (FeaturizeText n-grams, and fastText outside ML.NET). The main run fits every
// method once on each set's training part and scores its test part once; `--cv` cross-validates encoder candidates on
// the training parts only, which is where settings are chosen. Writes results/ beside this file.
//
//   dotnet run -c Release --project bench/quality -- [--sets a,b,...] [--methods a,b,...] [--out name] [--cv candidate1,...] [--cv-method combined]
//       [--imdb folder] [--vectors file]
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using RecurrentML.Quality;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // tables print "0.812" and "4,000" on every machine
var arguments = QualityArguments.Parse(args);
string dataFolder = Path.Combine(AppContext.BaseDirectory, "Data");
string resultsFolder = Path.Combine(QualityPaths.ProjectFolder(), "results");
Directory.CreateDirectory(resultsFolder);
var run = RunInfo.Now();
var clock = Stopwatch.StartNew();
var loader = new MLContext(seed: QualityContext.Seed); // builds the data views only; every fit gets its own context
Console.WriteLine($"Quality study, {run}");

if (arguments.CrossValidate)
{
    var log = new CvLog(Path.Combine(resultsFolder, "cv.csv"));
    var rows = new List<CvRow>();
    foreach (var set in arguments.Sets)
    {
        var data = set.Load(loader, dataFolder);
        if (!arguments.CvMethod.AppliesTo(data.Kind))
        {
            Console.WriteLine($"{set.Name}: skipped, {arguments.CvMethod.Name()} is not defined for {data.Kind.ToString().ToLowerInvariant()} sets.");
            continue;
        }
        foreach (string candidate in arguments.CandidateNames)
        {
            Console.WriteLine($"{set.Name}: {CrossValidation.Folds}-fold cross-validation of {arguments.CvMethod.Name()} with '{candidate}' on the {data.TrainRows:N0} training rows");
            var row = CrossValidation.Run(set, data, candidate, arguments.CvMethod, run);
            log.Append(row);
            rows.Add(row);
        }
    }
    Console.WriteLine();
    Console.Write(CvRow.Markdown(rows));
    Console.WriteLine($"\nAppended {rows.Count} row{(rows.Count == 1 ? "" : "s")} to {log.Path} in {clock.Elapsed.TotalMinutes:F1} min.");
    return;
}

var setResults = new List<SetResult>();
var crossValidated = new List<(QualitySet Set, CvRow Row)>();
foreach (var set in arguments.Sets)
{
    var data = set.Load(loader, dataFolder);
    Console.WriteLine($"{set.Name}: {data.TrainRows:N0} training rows, {(data.Test == null ? "no test part" : $"{data.TestRows:N0} test rows")}; {set.Note}");
    if (set.FoldTarget != null)
    {
        crossValidated.Add((set, CrossValidation.Run(set, data, Candidates.DefaultName, Method.Recurrent, run)));
        Console.WriteLine($"  recurrent, {CrossValidation.Folds}-fold CV: folds {string.Join(", ", crossValidated[^1].Row.FoldAccuracies.Select(a => a.ToString("F3")))}");
        continue;
    }
    var methods = new Dictionary<Method, MethodResult>();
    foreach (var method in arguments.Methods.Where(m => m.AppliesTo(data.Kind)))
    {
        Console.WriteLine($"  {method.Name()}: fitting");
        methods[method] = TestSplitRun.Run(method, data);
        Console.WriteLine($"  {method.Name()}: {methods[method]}; the process's peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
    }
    setResults.Add(new SetResult(set, data.TrainRows, data.TestRows.Value, methods));
}

ResultsReport.Write(resultsFolder, arguments.OutputName, run, setResults, crossValidated);
AccuracyChart.Save(setResults, Path.Combine(resultsFolder, arguments.OutputName == "results" ? "accuracy.png" : arguments.OutputName + ".png"));
Console.WriteLine();
Console.Write(ResultsReport.Markdown(run, setResults, crossValidated, ""));
Console.WriteLine($"Wrote {resultsFolder}/{arguments.OutputName}.md and .csv in {clock.Elapsed.TotalMinutes:F1} min.");
