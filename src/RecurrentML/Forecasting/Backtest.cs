using RecurrentML.Data;
using Microsoft.ML;

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

    /// <summary>Backtests <paramref name="forecaster"/> on every series, by name, one series at a time. A series whose
    /// every origin leaves too short a history has no entry in <see cref="BacktestResult.BySeries"/>; its windows are
    /// counted as skipped.</summary>
    public static BacktestResult Run(IReadOnlyDictionary<string, IReadOnlyList<double>> series, SeriesForecaster forecaster, BacktestOptions options = null)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        return Run(series, (histories, horizon) => histories.ToDictionary(h => h.Key, h => forecaster(h.Value, horizon)), options);
    }

    /// <summary>Backtests a forecaster of many series at once (a global model), called once per origin with the
    /// history of every series long enough for it: the latest origin's windows end at each series' last value, the
    /// earlier ones <see cref="BacktestOptions.OriginStep"/> values before, so every series is cut the same number of
    /// values before its end. A series whose every origin leaves too short a history has no entry in
    /// <see cref="BacktestResult.BySeries"/>; its windows are counted as skipped.</summary>
    public static BacktestResult Run(IReadOnlyDictionary<string, IReadOnlyList<double>> series, PanelForecaster forecaster, BacktestOptions options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecaster);
        options ??= new BacktestOptions();
        options.Validate();
        foreach (var (name, values) in series) CheckValues(name, values);
        var scoring = new BacktestScoring(options);
        // Oldest origin first, so that a forecaster that learns as it goes sees time move forward.
        for (int back = options.Origins - 1; back >= 0; back--)
        {
            var histories = new Dictionary<string, IReadOnlyList<double>>();
            foreach (var (name, values) in series)
            {
                int origin = values.Count - options.Horizon - back * options.Step;
                if (origin < options.LeastHistory) scoring.Skip();
                else histories[name] = values.Take(origin).ToArray();
            }
            if (histories.Count == 0) continue;
            var forecasts = forecaster(histories, options.Horizon)
                ?? throw new InvalidOperationException($"The forecaster returned null for {histories.Count} series; expected a forecast of each.");
            foreach (var (name, history) in histories)
            {
                if (!forecasts.TryGetValue(name, out var forecast))
                    throw new InvalidOperationException($"The forecaster's forecasts miss series '{name}'; expected a forecast of every series it was given.");
                CheckForecast(name, history.Count, options.Horizon, forecast);
                scoring.Add(name, history, series[name], forecast);
            }
        }
        return scoring.Result(series.Count);
    }

    /// <summary>Backtests the global recurrent forecaster on long-form data: at each origin the estimator is fitted on
    /// every series' values before it (and their covariates) and forecasts the next <see cref="BacktestOptions.Horizon"/>
    /// values, reading the future covariates of those steps but never their values. Rows after a series' last value
    /// are not used.</summary>
    /// <param name="data">Long form, with the columns the estimator's options name.</param>
    /// <param name="estimator">The forecaster to fit at each origin; its horizon must be the backtest's.</param>
    /// <param name="options">The origins; <see cref="BacktestOptions.Horizon"/> must equal the estimator's.</param>
    public static BacktestResult Run(IDataView data, RecurrentForecastingEstimator estimator, BacktestOptions options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        options ??= new BacktestOptions { Horizon = estimator.Options.Horizon, SeasonalPeriod = estimator.Options.SeasonalPeriod };
        if (options.Horizon != estimator.Options.Horizon)
            throw new ArgumentException($"The backtest's horizon is {options.Horizon} but the estimator forecasts {estimator.Options.Horizon} steps; expected the same.", nameof(options));
        var panel = LongFormPanel.Read(data, estimator.Options).ToDictionary(s => s.Id);
        var values = panel.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value.Values[..p.Value.Observed]);
        return Run(values, (histories, horizon) =>
        {
            using var model = estimator.Fit(histories.Select(h => panel[h.Key].Cut(h.Value.Count, 0)).ToList());
            return model.Forecast(histories.Select(h => panel[h.Key].Cut(h.Value.Count, horizon)).ToList());
        }, options);
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
