using System.Diagnostics;
using System.Text.Json;
using RecurrentML.Forecasting;

// The M3 monthly benchmark (bench/forecasting/README.md): every series forecast 18 months from all values before its
// last 18, scored on those 18 with Backtest (sMAPE, MASE with m = 12, 95% coverage), overall and by category.
// dotnet run -c Release --project bench/forecasting/M3Benchmark -- [test|validation] [M3Month.csv, default
// ../shared/data/m3-monthly/M3Month.csv] [output JSON] [--global]
// `validation` drops each series' test months and scores the 18 before them instead: settings are chosen there, never
// on the test. `--global` adds the first global recurrent model (GlobalRecurrent.cs).
var arguments = args.Where(a => !a.StartsWith("--")).ToArray();
string split = arguments.Length > 0 ? arguments[0] : "test";
if (split is not ("test" or "validation")) throw new ArgumentException($"The split is '{split}'; expected test or validation.");
string path = arguments.Length > 1 ? arguments[1] : Path.Combine("..", "shared", "data", "m3-monthly", "M3Month.csv");
string output = arguments.Length > 2 ? arguments[2] : Path.Combine("bench", "results", $"m3-benchmark-{split}.json");
var series = M3Series.Read(path);
if (split == "validation") series = series.Select(s => s with { Values = s.Values[..^M3Series.Horizon] }).ToList();
Console.WriteLine($"M3 monthly, {split} split: {series.Count} series, horizon {M3Series.Horizon}");

var forecasters = new Dictionary<string, Func<SeriesForecaster>> { ["seasonal naive"] = () => SeasonalNaive.Create(period: 12) };
if (args.Contains("--global"))
    forecasters["global GRU"] = () => GlobalRecurrent.Fit(series.Select(s => s.Values[..^M3Series.Horizon]), seed: 1, Console.WriteLine);
var options = new BacktestOptions { Horizon = M3Series.Horizon, Origins = 1, SeasonalPeriod = 12 };
var report = new Dictionary<string, object>();
foreach (var (method, create) in forecasters)
{
    var clock = Stopwatch.StartNew();
    var forecaster = create();
    var result = Backtest.Run(series.ToDictionary(s => s.Name, s => (IReadOnlyList<double>)s.Values), forecaster, options);
    double seconds = clock.Elapsed.TotalSeconds;
    var byCategory = series.GroupBy(s => s.Category).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => ForecastAccuracy.Mean(g.Select(s => result.BySeries[s.Name]).ToList()));
    Console.WriteLine($"{method}: sMAPE {result.Overall.SymmetricMape:F2}, MASE {result.Overall.Mase:F3}, 95% coverage {result.Overall.Coverage:F3} ({seconds:F1} s)");
    foreach (var (category, accuracy) in byCategory)
        Console.WriteLine($"  {category,-12} sMAPE {accuracy.SymmetricMape:F2}, MASE {accuracy.Mase:F3}, coverage {accuracy.Coverage:F3}");
    report[method] = new { result.Overall, ByCategory = byCategory, ByHorizonStep = result.ByHorizonStep, Seconds = seconds };
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Wrote {output}");

