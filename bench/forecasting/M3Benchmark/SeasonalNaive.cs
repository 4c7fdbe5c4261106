using RecurrentML.Forecasting;

/// <summary>Seasonal naive with the 95% intervals R's <c>forecast::snaive</c> gives: each value as it was a season
/// before; σ = √mean of the squared seasonal differences of the history, and step h's standard error
/// σ·√(⌊(h−1)/m⌋ + 1).</summary>
internal static class SeasonalNaive
{
    /// <summary>The standard normal's 0.975 quantile.</summary>
    private const double Z95 = 1.959963984540054;

    public static SeriesForecaster Create(int period) => (history, horizon) =>
    {
        var point = Enumerable.Range(0, horizon).Select(h => history[history.Count - period + h % period]).ToArray();
        double sigma = Math.Sqrt(Enumerable.Range(period, history.Count - period).Select(t => Math.Pow(history[t] - history[t - period], 2)).Average());
        var spread = Enumerable.Range(0, horizon).Select(h => Z95 * sigma * Math.Sqrt(h / period + 1)).ToArray();
        return new IntervalForecast(point, point.Select((v, h) => v - spread[h]).ToArray(), point.Select((v, h) => v + spread[h]).ToArray(), 0.95);
    };
}
