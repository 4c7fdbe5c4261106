using System.Diagnostics;
using System.Text.Json;
using RecurrentML.Forecasting;

// The M3 monthly benchmark (bench/forecasting/README.md): every series forecast 18 months from all values before its
// last 18, scored on those 18 with Backtest (sMAPE, MASE with m = 12, 95% coverage), overall and by category.
// dotnet run -c Release --project bench/forecasting/M3Benchmark -- [M3Month.csv, default ../shared/data/m3-monthly/M3Month.csv] [output JSON]
string path = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "m3-monthly", "M3Month.csv");
string output = args.Length > 1 ? args[1] : Path.Combine("bench", "results", "m3-benchmark.json");
var series = M3Series.Read(path);
Console.WriteLine($"M3 monthly: {series.Count} series, horizon {M3Series.Horizon}");

var forecasters = new Dictionary<string, SeriesForecaster> { ["seasonal naive"] = SeasonalNaive.Create(period: 12) };
var options = new BacktestOptions { Horizon = M3Series.Horizon, Origins = 1, SeasonalPeriod = 12 };
var report = new Dictionary<string, object>();
foreach (var (method, forecaster) in forecasters)
{
    var clock = Stopwatch.StartNew();
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

