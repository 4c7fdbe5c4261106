using System.Diagnostics;
using System.Text.Json;
using RecurrentML;
using RecurrentML.Forecasting;

// The M3 monthly benchmark (bench/forecasting/README.md): every series forecast 18 months from all values before its
// last 18, scored on those 18 with Backtest (sMAPE, MASE with m = 12, 95% coverage), overall and by category.
// dotnet run -c Release --project bench/forecasting/M3Benchmark -- [test|validation] [M3Month.csv, default
// ../shared/data/m3-monthly/M3Month.csv] [output JSON] [--quick] [--option Name=value ...]
// or: dotnet run -c Release --project bench/forecasting/M3Benchmark -- seatbelts [validation] [--one-seed] [--option ...] (Seatbelts.cs)
// `validation` drops each series' test months and scores the 18 before them instead: settings are chosen there, never
// on the test. `--quick` takes the first 10 series of each category (60). `--option` sets a field of
// RecurrentForecasterOptions for the global model (HiddenSize=32, Epochs=8, ...), for studies on the validation split.
var settings = new Dictionary<string, string>();
var arguments = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--option") { var kv = args[++i].Split('=', 2); settings[kv[0]] = kv[1]; }
    else if (!args[i].StartsWith("--")) arguments.Add(args[i]);
}
void Configure(RecurrentForecasterOptions options)
{
    foreach (var (name, value) in settings)
    {
        var field = typeof(RecurrentForecasterOptions).GetField(name) ?? throw new ArgumentException($"RecurrentForecasterOptions has no field '{name}'.");
        var type = Nullable.GetUnderlyingType(field.FieldType) ?? field.FieldType;
        field.SetValue(options, type.IsEnum ? Enum.Parse(type, value) : Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture));
    }
}
if (arguments.Count > 0 && arguments[0] == "seatbelts")
{
    // seatbelts [validation] [--one-seed] [--option Name=value ...]: Seatbelts.cs; files at their default paths.
    bool validation = arguments.Contains("validation");
    int[] seeds = args.Contains("--one-seed") ? [1] : [1, 2, 3];
    Seatbelts.Run(Path.Combine("bench", "forecasting", "data", "seatbelts.csv"), Path.Combine("bench", "results", "seatbelts-auto-arima.json"),
        Path.Combine("bench", "results", validation ? "seatbelts-validation.json" : "seatbelts.json"), seeds, validation, Configure);
    return;
}
string split = arguments.Count > 0 ? arguments[0] : "test";
if (split is not ("test" or "validation")) throw new ArgumentException($"The split is '{split}'; expected test or validation.");
string path = arguments.Count > 1 ? arguments[1] : Path.Combine("..", "shared", "data", "m3-monthly", "M3Month.csv");
string output = arguments.Count > 2 ? arguments[2] : Path.Combine("bench", "results", $"m3-benchmark-{split}.json");
var series = M3Series.Read(path);
if (split == "validation") series = series.Select(s => s with { Values = s.Values[..^M3Series.Horizon] }).ToList();
if (args.Contains("--quick")) series = series.GroupBy(s => s.Category).SelectMany(g => g.Take(10)).ToList();
Console.WriteLine($"M3 monthly, {split} split: {series.Count} series, horizon {M3Series.Horizon}");

var options = new RecurrentForecasterOptions { Horizon = M3Series.Horizon, SeasonalPeriod = 12, StaticCovariateColumnNames = ["Category"] };
Configure(options);
var byName = series.ToDictionary(s => s.Name);
IReadOnlyDictionary<string, IntervalForecast> globalForecasts = null;
var global = GlobalRecurrent.Create(byName, options, Console.WriteLine);
var forecasters = new Dictionary<string, PanelForecaster>
{
    ["seasonal naive"] = (histories, horizon) => histories.ToDictionary(h => h.Key, h => SeasonalNaive.Create(period: 12)(h.Value, horizon)),
    ["global recurrent"] = (histories, horizon) => globalForecasts = global(histories, horizon),
};
var backtest = new BacktestOptions { Horizon = M3Series.Horizon, Origins = 1, SeasonalPeriod = 12 };
var report = new Dictionary<string, object> { ["options"] = settings };
foreach (var (method, forecaster) in forecasters)
{
    var clock = Stopwatch.StartNew();
    var result = Backtest.Run(series.ToDictionary(s => s.Name, s => (IReadOnlyList<double>)s.Values), forecaster, backtest);
    double seconds = clock.Elapsed.TotalSeconds;
    var byCategory = series.GroupBy(s => s.Category).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => ForecastAccuracy.Mean(g.Select(s => result.BySeries[s.Name]).ToList()));
    Console.WriteLine($"{method}: sMAPE {result.Overall.SymmetricMape:F2}, MASE {result.Overall.Mase:F3}, 95% coverage {result.Overall.Coverage:F3} ({seconds:F1} s)");
    foreach (var (category, accuracy) in byCategory)
        Console.WriteLine($"  {category,-12} sMAPE {accuracy.SymmetricMape:F2}, MASE {accuracy.Mase:F3}, coverage {accuracy.Coverage:F3}");
    report[method] = new { result.Overall, ByCategory = byCategory, ByHorizonStep = result.ByHorizonStep, Seconds = seconds };
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
// The global model's forecasts in the R references' layout, for the charts (bench/forecasting/m3_charts.R).
string forecastsCsv = Path.ChangeExtension(output, null) + "-forecasts.csv.gz";
using (var gzip = new System.IO.Compression.GZipStream(File.Create(forecastsCsv), System.IO.Compression.CompressionLevel.Optimal))
using (var writer = new StreamWriter(gzip))
{
    writer.WriteLine("series,category,method,step,mean,lo95,hi95");
    foreach (var s in series)
        for (int h = 0; h < M3Series.Horizon; h++)
        {
            var f = globalForecasts[s.Name];
            writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{s.Name},{s.Category},global recurrent,{h + 1},{f.Point[h]:G8},{f.Lower[h]:G8},{f.Upper[h]:G8}"));
        }
}
Console.WriteLine($"Wrote {forecastsCsv}");
File.WriteAllText(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Wrote {output}");
