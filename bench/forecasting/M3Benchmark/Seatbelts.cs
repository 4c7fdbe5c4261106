using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using RecurrentML;
using RecurrentML.Forecasting;

/// <summary>
/// R's Seatbelts (bench/forecasting/seatbelts.R exports it): five monthly casualty series of Great Britain, 1969-1984,
/// with the petrol price. The global forecaster is fitted on the 168 months before 1983 of all five series and
/// forecasts the last 24, once without covariates and once with the petrol price as a future covariate (known for the
/// months forecast, as auto.arima's xreg is), for several seeds; scored per series beside R's auto.arima with and
/// without the same regressor.
/// </summary>
internal static class Seatbelts
{
    private const int Horizon = 24;

    private sealed class Row
    {
        public string Series { get; set; }
        public int Time { get; set; }
        public float Value { get; set; }
        public float PetrolPrice { get; set; }
    }

    /// <param name="validation">Drop the test months first and score the 24 before them: settings are chosen there.</param>
    /// <param name="configure">Sets options for a study (none for the defaults).</param>
    public static void Run(string csv, string rReference, string output, int[] seeds, bool validation, Action<RecurrentForecasterOptions> configure)
    {
        var rows = File.ReadLines(csv).Skip(1).Select(line => line.Split(',')).Select(f => new Row
        {
            Series = f[0], Time = int.Parse(f[1], CultureInfo.InvariantCulture), Value = float.Parse(f[2], CultureInfo.InvariantCulture),
            PetrolPrice = float.Parse(f[3], CultureInfo.InvariantCulture),
        }).ToList();
        if (validation) rows = rows.Where(r => r.Time <= rows.Max(x => x.Time) - Horizon).ToList();
        int testStart = rows.Max(r => r.Time) - Horizon + 1;
        var history = rows.Where(r => r.Time < testStart).ToList();
        var withFuture = rows.Select(r => new Row { Series = r.Series, Time = r.Time, PetrolPrice = r.PetrolPrice, Value = r.Time < testStart ? r.Value : float.NaN }).ToList();
        var actual = rows.Where(r => r.Time >= testStart).GroupBy(r => r.Series).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).Select(r => (double)r.Value).ToArray());
        var past = history.GroupBy(r => r.Series).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).Select(r => (double)r.Value).ToArray());
        Console.WriteLine($"Seatbelts: {actual.Count} series, {past.First().Value.Length} months of history, the last {Horizon} forecast");

        var report = new Dictionary<string, object>();
        foreach (var (name, covariates) in new[] { ("without covariates", Array.Empty<string>()), ("with PetrolPrice", new[] { "PetrolPrice" }) })
        {
            var runs = seeds.Select(seed =>
            {
                var mlContext = new MLContext(seed);
                var options = new RecurrentForecasterOptions
                {
                    SeriesIdColumnName = "Series", Horizon = Horizon, SeasonalPeriod = 12, FutureCovariateColumnNames = covariates, Seed = seed,
                };
                configure(options);
                using var model = mlContext.Forecasting.ForecastByRecurrentNetwork(options).Fit(mlContext.Data.LoadFromEnumerable(history));
                var forecasts = model.Forecast(mlContext.Data.LoadFromEnumerable(withFuture));
                return actual.Keys.ToDictionary(s => s, s => Score(actual[s], forecasts[s], past[s]));
            }).ToList();
            var bySeries = actual.Keys.ToDictionary(s => s, s => new
            {
                Rmse = runs.Average(r => r[s].Rmse), RmseMin = runs.Min(r => r[s].Rmse), RmseMax = runs.Max(r => r[s].Rmse),
                SymmetricMape = runs.Average(r => r[s].SymmetricMape), Mase = runs.Average(r => r[s].Mase), Coverage = runs.Average(r => r[s].Coverage),
            });
            report[name] = bySeries;
            foreach (var (s, a) in bySeries)
                Console.WriteLine($"global recurrent {name,-20} {s,-14} RMSE {a.Rmse:F2} (seeds {a.RmseMin:F2}-{a.RmseMax:F2}), sMAPE {a.SymmetricMape:F2}, MASE {a.Mase:F3}, 95% coverage {a.Coverage:F3}");
        }
        if (!validation && File.Exists(rReference))
        {
            using var r = JsonDocument.Parse(File.ReadAllText(rReference));
            foreach (var series in r.RootElement.GetProperty("results").EnumerateObject())
                foreach (var (label, key) in new[] { ("without covariates", "without"), ("with PetrolPrice", "with_petrol_price") })
                {
                    var m = series.Value.GetProperty(key);
                    Console.WriteLine($"auto.arima       {label,-20} {series.Name,-14} RMSE {m.GetProperty("rmse").GetDouble():F2}, sMAPE {m.GetProperty("smape").GetDouble():F2}, " +
                        $"MASE {m.GetProperty("mase").GetDouble():F3}, 95% coverage {m.GetProperty("coverage95").GetDouble():F3} ({m.GetProperty("model").GetString()})");
                }
        }
        report["seeds"] = seeds;
        File.WriteAllText(output, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote {output}");
    }

    private static ForecastAccuracy Score(double[] actual, IntervalForecast forecast, double[] history)
    {
        var result = Backtest.Run(history.Concat(actual).ToArray(), (h, steps) => forecast, new BacktestOptions { Horizon = Horizon, Origins = 1, SeasonalPeriod = 12 });
        return result.Overall;
    }
}
