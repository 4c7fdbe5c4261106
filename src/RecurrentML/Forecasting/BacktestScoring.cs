namespace RecurrentML.Forecasting;

/// <summary>A backtest's running scores: every window's forecast against what followed, per series and per horizon step.</summary>
internal sealed class BacktestScoring
{
    private readonly BacktestOptions _options;
    private readonly AccuracySums[] _byStep;
    private readonly Dictionary<string, AccuracySums> _bySeries = new();
    private int _windows, _skipped;

    public BacktestScoring(BacktestOptions options)
    {
        _options = options;
        _byStep = Enumerable.Range(0, options.Horizon).Select(_ => new AccuracySums()).ToArray();
    }

    public void Skip() => _skipped++;

    /// <summary>Scores the forecast made from <paramref name="history"/> (the first values of <paramref name="values"/>)
    /// against the values after it.</summary>
    public void Add(string name, IReadOnlyList<double> history, IReadOnlyList<double> values, IntervalForecast forecast)
    {
        if (!_bySeries.TryGetValue(name, out var sums)) _bySeries[name] = sums = new AccuracySums();
        double scale = SeasonalScale(history, _options.SeasonalPeriod);
        for (int h = 0; h < _options.Horizon; h++)
        {
            double actual = values[history.Count + h];
            sums.Add(actual, forecast.Point[h], forecast.Lower[h], forecast.Upper[h], scale);
            _byStep[h].Add(actual, forecast.Point[h], forecast.Lower[h], forecast.Upper[h], scale);
        }
        _windows++;
    }

    public BacktestResult Result(int seriesCount)
    {
        if (_bySeries.Count == 0)
            throw new ArgumentException($"None of the {seriesCount} series is long enough for one window: each needs {_options.Horizon} values to forecast after a history of at least {_options.LeastHistory}.", "series");
        var bySeries = _bySeries.ToDictionary(s => s.Key, s => s.Value.Result());
        return new BacktestResult(ForecastAccuracy.Mean(bySeries.Values), _byStep.Select(s => s.Result()).ToArray(), bySeries, _windows, _skipped);
    }

    /// <summary>MASE's scale: the mean |y_t − y_{t−m}| over the history (M4's definition).</summary>
    private static double SeasonalScale(IReadOnlyList<double> history, int period)
    {
        double sum = 0;
        for (int t = period; t < history.Count; t++) sum += Math.Abs(history[t] - history[t - period]);
        return sum / (history.Count - period);
    }
}
