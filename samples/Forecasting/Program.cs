// Forecasting monthly series with the recurrent encoders: for co2 and AirPassengers, train on all but the last 24
// months and forecast those 24 recursively, with 95% intervals from simulated paths (as R's forecast::nnetar does).
// Compares LSTM, GRU and RNN forecasters with the seasonal naive forecast and R's ets and auto.arima. Every option of
// the recurrent forecasters is chosen on the last 24 months of the training span; the test months are read only to
// score. Writes results/ beside this file.
//
//   dotnet run -c Release --project samples/Forecasting
using System.Diagnostics;
using System.Globalization;
using Forecasting;
using Microsoft.ML;
using RecurrentML;
using RecurrentML.Forecasting;

const int Horizon = 24, Paths = 1000, IntervalSeed = 1;
const double Level = 0.95;
var cells = new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn };
string project = ProjectFolder();
string results = Path.Combine(project, "results");
Directory.CreateDirectory(results);
var clock = Stopwatch.StartNew();
var mlContext = new MLContext(seed: 1);

var seriesList = new[]
{
    (Series: MonthlySeries.Load("co2", Path.Combine(project, "Data", "co2.tsv")), Unit: "CO2 (ppm)"),
    (Series: MonthlySeries.Load("air_passengers", Path.Combine(project, "Data", "air_passengers.tsv")), Unit: "passengers (thousands)"),
};
var (reference, referenceProblem) = ReferenceForecasts.Run(project, Path.Combine(results, "r_forecasts.csv"));
if (referenceProblem != null) Console.WriteLine(referenceProblem);

var forecastRows = new List<string> { "series,month,step,truth,method,point,lower,upper" };
var tableRows = new List<string>();
var selectionRows = new List<string>();
foreach (var (series, unit) in seriesList)
{
    int trainingCount = series.Values.Length - Horizon, innerCount = trainingCount - Horizon;
    double[] training = series.Head(trainingCount), inner = series.Head(innerCount);
    double[] truth = series.Values[trainingCount..], validationTruth = training[innerCount..];
    Console.WriteLine($"{series.Name}: {trainingCount} training months ({series.Month(0)} .. {series.Month(trainingCount - 1)}), " +
                      $"test {series.Month(trainingCount)} .. {series.Month(series.Values.Length - 1)}; options chosen on {series.Month(innerCount)} .. {series.Month(trainingCount - 1)}");
    var methods = new List<(string Method, Forecast Forecast, string Note)>
    {
        ("seasonal naive", new Forecast(SeasonalNaive.Forecast(training, Horizon), null, null), "same month of the last observed year"),
    };

    var validationRmse = new Dictionary<string, double>();
    foreach (var cell in cells)
    {
        var cellClock = Stopwatch.StartNew();
        // Choose on the validation tail: fit on the training span minus its last 24 months, forecast those 24.
        RecurrentSettings best = null;
        ITransformer bestInner = null;
        double bestRmse = double.PositiveInfinity;
        foreach (var candidate in Candidates(cell))
        {
            var (encodingOnly, withWindow) = RecurrentModel.FitBoth(mlContext, candidate, inner);
            foreach (var (settings, model) in new[] { (candidate with { WithWindow = false }, encodingOnly), (candidate with { WithWindow = true }, withWindow) })
            {
                double rmse = Accuracy.Of(validationTruth, new RecursiveForecaster(mlContext, model, settings.Windowing).Forecast(inner, Horizon)).Rmse;
                selectionRows.Add($"| {series.Name} | {cell} | {settings} | {rmse:F3} |");
                Console.WriteLine($"  {cell} validation RMSE {rmse,8:F3}  {settings}");
                if (rmse < bestRmse) (best, bestInner, bestRmse) = (settings, model, rmse);
            }
        }
        // recipe:start
        // Honest one-step errors for the intervals: the chosen model fitted without the validation tail, scored on it.
        var errors = new RecursiveForecaster(mlContext, bestInner, best.Windowing).OneStepErrors(training, innerCount);
        var final = RecurrentModel.Fit(mlContext, best, training);
        var forecast = new RecursiveForecaster(mlContext, final, best.Windowing).ForecastWithInterval(training, Horizon, errors, Level, Paths, IntervalSeed);
        // recipe:end
        methods.Add((cell.ToString().ToUpperInvariant(), new Forecast(forecast.Point.ToArray(), forecast.Lower.ToArray(), forecast.Upper.ToArray()), best.ToString()));
        validationRmse[cell.ToString().ToUpperInvariant()] = bestRmse;
        Console.WriteLine($"  {cell} chosen (validation RMSE {bestRmse:F3}): {best}; {cellClock.Elapsed.TotalSeconds:F0} s");
    }

    foreach (var method in ReferenceForecasts.Methods)
        if (reference != null) methods.Add((method, reference[(series.Name, method)], "R forecast package, defaults"));

    foreach (var (method, forecast, note) in methods)
    {
        var accuracy = Accuracy.Of(truth, forecast.Point, forecast.Lower, forecast.Upper);
        string coverage = double.IsNaN(accuracy.Coverage) ? "-" : accuracy.Coverage.ToString("F2", CultureInfo.InvariantCulture);
        string validation = validationRmse.TryGetValue(method, out double v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
        tableRows.Add(string.Create(CultureInfo.InvariantCulture, $"| {series.Name} | {method} | {accuracy.Mae:F3} | {accuracy.Rmse:F3} | {coverage} | {validation} | {note} |"));
        for (int h = 0; h < Horizon; h++)
            forecastRows.Add(string.Join(',', series.Name, series.Month(trainingCount + h), h + 1, Number(truth[h]), method, Number(forecast.Point[h]),
                forecast.Lower == null ? "" : Number(forecast.Lower[h]), forecast.Upper == null ? "" : Number(forecast.Upper[h])));
    }
    if (reference == null)
        foreach (var method in ReferenceForecasts.Methods)
            tableRows.Add($"| {series.Name} | {method} | not run | not run | not run | - | Rscript or the forecast package missing |");

    string bandMethod = methods.Where(m => validationRmse.ContainsKey(m.Method)).MinBy(m => validationRmse[m.Method]).Method;
    Charts.Forecasts(series, trainingCount, historyMonths: 48, methods.Select(m => (m.Method, m.Forecast)).ToList(), bandMethod, unit,
        Path.Combine(results, $"{series.Name}.png"));
}

const string Header = "| series | method | MAE | RMSE | 95% coverage | validation RMSE | options |\n|---|---|---:|---:|---:|---:|---|";
File.WriteAllLines(Path.Combine(results, "forecasts.csv"), forecastRows);
File.WriteAllText(Path.Combine(results, "results.md"),
    "# Forecasts of the last 24 months\n\n" +
    "Trained on all but the last 24 months of each series. Recurrent forecasters: options chosen per series and cell by the RMSE of a " +
    "24-month recursive forecast of the training span's last 24 months (fitted without them); 95% intervals from " +
    $"{Paths} simulated paths with bootstrapped one-step errors of that validation model (seed {IntervalSeed}).\n\n" +
    Header + "\n" + string.Join('\n', tableRows) + "\n\n## Validation of the recurrent options\n\n" +
    "| series | cell | options | validation RMSE |\n|---|---|---|---:|\n" + string.Join('\n', selectionRows) + "\n" +
    (referenceProblem == null ? "" : $"\nR rows not run: {referenceProblem}\n"));
Console.WriteLine();
Console.WriteLine(Header);
tableRows.ForEach(Console.WriteLine);
Console.WriteLine($"Wrote {results}/forecasts.csv, results.md, co2.png, air_passengers.png in {clock.Elapsed.TotalSeconds:F0} s");

static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

// The options tried for each cell, on the validation tail only.
static IEnumerable<RecurrentSettings> Candidates(RecurrentCell cell) =>
    from window in new[] { 24, 36 }
    from log in new[] { false, true }
    from hidden in new[] { 16, 32 }
    select new RecurrentSettings(cell, window, log, hidden, Epochs: 30, LearningRate: 1e-2, WithWindow: false);

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "Forecasting.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}
