namespace RecurrentML.Forecasting;

/// <summary>A forecaster of many series at once, as a <see cref="Backtest"/> calls a global model: from every series'
/// history up to one forecast origin (by name) it fits whatever it fits and forecasts each series' next
/// <paramref name="horizon"/> values with an interval at each step, by the same names.</summary>
/// <param name="histories">The values up to the origin of each series; a backtest never passes values after it.</param>
/// <param name="horizon">Steps to forecast.</param>
public delegate IReadOnlyDictionary<string, IntervalForecast> PanelForecaster(IReadOnlyDictionary<string, IReadOnlyList<double>> histories, int horizon);
