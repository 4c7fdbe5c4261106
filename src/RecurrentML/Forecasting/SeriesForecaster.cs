namespace RecurrentML.Forecasting;

/// <summary>A forecaster as a <see cref="Backtest"/> calls it: from a series' history (oldest value first) it fits
/// whatever it fits and forecasts the next <paramref name="horizon"/> values with an interval at each step.</summary>
/// <param name="history">The values up to the forecast origin; a backtest never passes values after it.</param>
/// <param name="horizon">Steps to forecast.</param>
public delegate IntervalForecast SeriesForecaster(IReadOnlyList<double> history, int horizon);
