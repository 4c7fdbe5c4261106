namespace RecurrentML.Forecasting;

/// <summary>
/// Rolling-origin evaluation of any forecaster (<see cref="SeriesForecaster"/>): each series is cut at a few origins
/// (<see cref="BacktestOptions"/>), the forecaster gets the values before each origin only and forecasts the next
/// <see cref="BacktestOptions.Horizon"/>, and the forecasts are scored against what followed: sMAPE, MASE, RMSE and
/// interval coverage (<see cref="ForecastAccuracy"/>, M4 definitions) per horizon step, per series and overall. Use it
/// to choose settings on a series' training span (backtest the span, not the test values) and to compare forecasters
/// on the same windows.
/// </summary>
public static class Backtest
{
    /// <summary>Backtests <paramref name="forecaster"/> on one series (named "series" in the result).</summary>
    public static BacktestResult Run(IReadOnlyList<double> series, SeriesForecaster forecaster, BacktestOptions options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Run(new Dictionary<string, IReadOnlyList<double>> { ["series"] = series }, forecaster, options);
    }

    /// <summary>Backtests <paramref name="forecaster"/> on every series, by name. A series whose every origin leaves too
    /// short a history has no entry in <see cref="BacktestResult.BySeries"/>; its windows are counted as skipped.</summary>
    public static BacktestResult Run(IReadOnlyDictionary<string, IReadOnlyList<double>> series, SeriesForecaster forecaster, BacktestOptions options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecaster);
        options ??= new BacktestOptions();
        options.Validate();
        int horizon = options.Horizon;
        var byStep = Enumerable.Range(0, horizon).Select(_ => new AccuracySums()).ToArray();
        var bySeries = new Dictionary<string, ForecastAccuracy>();
        int windows = 0, skipped = 0;
        foreach (var (name, values) in series)
        {
            CheckValues(name, values);
            var sums = new AccuracySums();
            // Oldest origin first, so that a forecaster that learns as it goes sees time move forward.
            for (int back = options.Origins - 1; back >= 0; back--)
            {
                int origin = values.Count - horizon - back * options.Step;
                if (origin < options.LeastHistory)
                {
                    skipped++;
                    continue;
                }
                var history = values.Take(origin).ToArray();
                var forecast = forecaster(history, horizon);
                CheckForecast(name, origin, horizon, forecast);
                double scale = SeasonalScale(history, options.SeasonalPeriod);
                for (int h = 0; h < horizon; h++)
                {
                    double actual = values[origin + h];
                    sums.Add(actual, forecast.Point[h], forecast.Lower[h], forecast.Upper[h], scale);
                    byStep[h].Add(actual, forecast.Point[h], forecast.Lower[h], forecast.Upper[h], scale);
                }
                windows++;
            }
            if (sums.Points > 0) bySeries[name] = sums.Result();
        }
        if (bySeries.Count == 0)
            throw new ArgumentException($"No series is long enough for one window: each needs {horizon} values to forecast after a history of at least {options.LeastHistory}.", nameof(series));
        return new BacktestResult(ForecastAccuracy.Mean(bySeries.Values), byStep.Select(s => s.Result()).ToArray(), bySeries, windows, skipped);
    }

    /// <summary>MASE's scale: the mean |y_t − y_{t−m}| over the history (M4's definition).</summary>
    private static double SeasonalScale(double[] history, int period)
    {
        double sum = 0;
        for (int t = period; t < history.Length; t++) sum += Math.Abs(history[t] - history[t - period]);
        return sum / (history.Length - period);
    }

    private static void CheckValues(string name, IReadOnlyList<double> values)
    {
        if (values == null) throw new ArgumentException($"Series '{name}' is null; expected its values.", "series");
        for (int t = 0; t < values.Count; t++)
            if (!double.IsFinite(values[t]))
                throw new ArgumentException($"Series '{name}' has the value {values[t]} at index {t}; expected finite numbers (fill or drop missing values first).", "series");
    }

    private static void CheckForecast(string name, int origin, int horizon, IntervalForecast forecast)
    {
        string where = $"The forecaster's forecast of series '{name}' from origin {origin}";
        if (forecast == null) throw new InvalidOperationException($"{where} is null; expected a forecast of {horizon} steps.");
        if (forecast.Point.Count != horizon)
            throw new InvalidOperationException($"{where} has {forecast.Point.Count} steps; expected {horizon}.");
        for (int h = 0; h < horizon; h++)
            if (!double.IsFinite(forecast.Point[h]) || !double.IsFinite(forecast.Lower[h]) || !double.IsFinite(forecast.Upper[h]))
                throw new InvalidOperationException($"{where} has the non-finite value {forecast.Point[h]} (interval [{forecast.Lower[h]}, {forecast.Upper[h]}]) at step {h + 1}; expected finite numbers.");
    }
}
