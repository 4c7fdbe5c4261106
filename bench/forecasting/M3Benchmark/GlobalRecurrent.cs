using Microsoft.ML;
using RecurrentML;
using RecurrentML.Forecasting;

/// <summary>
/// The global recurrent forecaster (<c>mlContext.Forecasting.ForecastByRecurrentNetwork</c>) as the benchmark runs it:
/// at each origin every series' history becomes long-form rows (series id, month index, value, and the M3 category as
/// a static covariate), one model is fitted on all of them and forecasts every series.
/// </summary>
internal static class GlobalRecurrent
{
    public static PanelForecaster Create(IReadOnlyDictionary<string, M3Series> series, RecurrentForecasterOptions options, Action<string> log) =>
        (histories, horizon) =>
        {
            var mlContext = new MLContext(options.Seed);
            mlContext.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.Contains("Forecast")) log(e.Message); };
            var rows = histories.SelectMany(h => h.Value.Select((v, t) => new Row
            {
                SeriesId = h.Key, Time = series[h.Key].FirstTime + t, Value = (float)v, Category = series[h.Key].Category,
            })).ToList();
            var data = mlContext.Data.LoadFromEnumerable(rows);
            using var model = mlContext.Forecasting.ForecastByRecurrentNetwork(options).Fit(data);
            return model.Forecast(data);
        };

    private sealed class Row
    {
        public string SeriesId { get; set; }
        public long Time { get; set; }
        public float Value { get; set; }
        public string Category { get; set; }
    }
}
