namespace RecurrentML.Forecasting;

/// <summary>
/// The forecast origins of a rolling-origin backtest (<see cref="Backtest"/>): the last window of
/// <see cref="Horizon"/> values of each series is forecast from everything before it, the window before that one
/// (<see cref="OriginStep"/> values earlier) from everything before that, and so on for <see cref="Origins"/> windows.
/// Only values before an origin are passed to the forecaster.
/// </summary>
public sealed class BacktestOptions
{
    /// <summary>Values forecast from each origin. Default 12.</summary>
    public int Horizon = 12;

    /// <summary>Forecast origins per series, the latest ending at the series' last value. Default 3.</summary>
    public int Origins = 3;

    /// <summary>Values between consecutive origins; null (the default) for <see cref="Horizon"/>, so that windows do not
    /// overlap.</summary>
    public int? OriginStep;

    /// <summary>The season's length m of MASE's scale (the mean |y_t − y_{t−m}| over the history): 12 for monthly
    /// series, 1 for none. Default 1.</summary>
    public int SeasonalPeriod = 1;

    /// <summary>Values a history needs at least; an origin with fewer before it is skipped and counted
    /// (<see cref="BacktestResult.SkippedWindows"/>). Default 0: the least MASE needs, the season plus one.</summary>
    public int MinimumHistory;

    internal int Step => OriginStep ?? Horizon;

    internal int LeastHistory => Math.Max(MinimumHistory, SeasonalPeriod + 1);

    internal void Validate()
    {
        if (Horizon < 1) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, $"{nameof(Horizon)} is {Horizon}; expected an integer >= 1.");
        if (Origins < 1) throw new ArgumentOutOfRangeException(nameof(Origins), Origins, $"{nameof(Origins)} is {Origins}; expected an integer >= 1.");
        if (OriginStep < 1) throw new ArgumentOutOfRangeException(nameof(OriginStep), OriginStep, $"{nameof(OriginStep)} is {OriginStep}; expected null or an integer >= 1.");
        if (SeasonalPeriod < 1) throw new ArgumentOutOfRangeException(nameof(SeasonalPeriod), SeasonalPeriod, $"{nameof(SeasonalPeriod)} is {SeasonalPeriod}; expected an integer >= 1.");
        if (MinimumHistory < 0) throw new ArgumentOutOfRangeException(nameof(MinimumHistory), MinimumHistory, $"{nameof(MinimumHistory)} is {MinimumHistory}; expected an integer >= 0.");
    }
}
