// Forecasting single monthly series with the global recurrent forecaster's defaults (OneSeries.cs, the README's
// recipe): each of R's co2, AirPassengers, nottem and sunspot.month (Data/SOURCE.md) is trained on all but its last
// months (24, 12, 12 and 120, the data set's common practice) and forecasts them with a 95% interval, beside the
// seasonal naive forecast and R's ets and auto.arima fitted on the same months in the same run. Nothing is tuned per
// series: the defaults were chosen on the M3 and Seatbelts training spans (bench/forecasting/README.md), and
// `--validation` scores the months before the test instead, where any change of them is to be judged.
// Writes results/ beside this file.
//
//   dotnet run -c Release --project samples/Forecasting -- [data folder, default Data/ beside this file] [--validation] [--seeds N]
using System.Diagnostics;
using System.Globalization;
using Forecasting;

var arguments = args.Where(a => !a.StartsWith("--")).ToList();
bool validation = args.Contains("--validation");
int seedsIndex = Array.IndexOf(args, "--seeds");
int seeds = seedsIndex >= 0 ? int.Parse(args[seedsIndex + 1], CultureInfo.InvariantCulture) : 1;
if (seedsIndex >= 0) arguments.Remove(args[seedsIndex + 1]);
string project = ProjectFolder();
string dataFolder = arguments.Count > 0 ? arguments[0] : Path.Combine(project, "Data");
string results = Path.Combine(project, "results");
Directory.CreateDirectory(results);
string split = validation ? "validation" : "test";
var clock = Stopwatch.StartNew();

var seriesList = new (string Name, int Horizon, string Unit)[]
{
    ("co2", 24, "CO2 (ppm)"), ("air_passengers", 12, "passengers (thousands)"), ("nottem", 12, "temperature (°F)"),
    ("sunspot_month", 120, "sunspot number"),
};
var (reference, referenceProblem) = ReferenceForecasts.Run(project, dataFolder, Path.Combine(results, $"r_forecasts_{split}.csv"), validation,
    seriesList.Select(s => (s.Name, s.Horizon)));
if (referenceProblem != null) Console.WriteLine(referenceProblem);

var forecastRows = new List<string> { "series,month,step,truth,method,point,lower,upper" };
var tableRows = new List<string>();
foreach (var (name, horizon, unit) in seriesList)
{
    var series = MonthlySeries.Load(name, Path.Combine(dataFolder, $"{name}.tsv"));
    if (validation) series = series with { Values = series.Head(series.Values.Length - horizon) };
    int trainingCount = series.Values.Length - horizon;
    double[] history = series.Head(trainingCount), truth = series.Values[trainingCount..];
    Console.WriteLine($"{name}: {trainingCount} training months ({series.Month(0)} .. {series.Month(trainingCount - 1)}), " +
                      $"{split} {series.Month(trainingCount)} .. {series.Month(series.Values.Length - 1)}");

    var methods = new List<(string Method, List<Forecast> Runs)>
    {
        ("seasonal naive", [new Forecast(SeasonalNaive.Forecast(history, horizon), null, null)]),
        ("recurrent", Enumerable.Range(1, seeds).Select(seed =>
        {
            var fitClock = Stopwatch.StartNew();
            var forecast = OneSeries.Forecast(name, history, horizon, seed);
            Console.WriteLine($"  recurrent, seed {seed}: RMSE {Accuracy.Of(truth, forecast.Point, history).Rmse:F3} ({fitClock.Elapsed.TotalSeconds:F0} s)");
            return new Forecast(forecast.Point.ToArray(), forecast.Lower.ToArray(), forecast.Upper.ToArray());
        }).ToList()),
    };
    foreach (var method in ReferenceForecasts.Methods)
        if (reference != null) methods.Add((method, [reference[(name, method)]]));

    foreach (var (method, runs) in methods)
    {
        var accuracy = runs.Select(r => Accuracy.Of(truth, r.Point, history, r.Lower, r.Upper)).ToList();
        string Mean(Func<Accuracy, double> metric, string format) =>
            double.IsNaN(metric(accuracy[0])) ? "-" : accuracy.Average(metric).ToString(format, CultureInfo.InvariantCulture);
        string spread = runs.Count == 1 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{accuracy.Min(a => a.Rmse):F3} .. {accuracy.Max(a => a.Rmse):F3}");
        tableRows.Add($"| {name} | {horizon} | {method} | {Mean(a => a.Rmse, "F3")} | {spread} | {Mean(a => a.Mase, "F3")} | {Mean(a => a.Coverage, "F2")} |");
        for (int h = 0; h < horizon; h++)
            forecastRows.Add(string.Join(',', name, series.Month(trainingCount + h), h + 1, Number(truth[h]), method, Number(runs[0].Point[h]),
                runs[0].Lower == null ? "" : Number(runs[0].Lower[h]), runs[0].Upper == null ? "" : Number(runs[0].Upper[h])));
    }
    if (reference == null)
        foreach (var method in ReferenceForecasts.Methods)
            tableRows.Add($"| {name} | {horizon} | {method} | not run | - | not run | not run |");

    Charts.Forecasts(series, trainingCount, historyMonths: Math.Max(48, 2 * horizon), methods.Select(m => (m.Method, m.Runs[0])).ToList(),
        "recurrent", unit, Path.Combine(results, $"{name}_{split}.png"));
}

const string Header = "| series | months forecast | method | RMSE | RMSE over seeds | MASE | 95% coverage |\n|---|---:|---|---:|---|---:|---:|";
File.WriteAllLines(Path.Combine(results, $"forecasts_{split}.csv"), forecastRows);
File.WriteAllText(Path.Combine(results, $"results_{split}.md"),
    $"# Forecasts of each series' last months ({split} split)\n\n" +
    (validation ? "The test months dropped; each series trained on the months before its last `horizon` and scored on them.\n\n"
                : "Each series trained on all but its last `horizon` months and scored on them.\n\n") +
    $"The recurrent rows are `OneSeries.cs` (ForecastByRecurrentNetwork's defaults), the mean over seeds 1..{seeds} (the RMSE column's range " +
    "is the spread over them; the chart shows seed 1); MASE is scaled by the training months' seasonal differences; R's forecast package " +
    "with its defaults.\n\n" +
    Header + "\n" + string.Join('\n', tableRows) + "\n" + (referenceProblem == null ? "" : $"\nR rows not run: {referenceProblem}\n"));
Console.WriteLine();
Console.WriteLine(Header);
tableRows.ForEach(Console.WriteLine);
Console.WriteLine($"Wrote {results}/forecasts_{split}.csv, results_{split}.md and a chart per series in {clock.Elapsed.TotalSeconds:F0} s");

static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "Forecasting.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}
