namespace RecurrentML.Forecasting;

/// <summary>What a <see cref="Backtest"/> measured: overall, by horizon step, and by series.</summary>
public sealed class BacktestResult
{
    internal BacktestResult(ForecastAccuracy overall, IReadOnlyList<ForecastAccuracy> byHorizonStep, IReadOnlyDictionary<string, ForecastAccuracy> bySeries,
        int windows, int skippedWindows)
    {
        Overall = overall;
        ByHorizonStep = byHorizonStep;
        BySeries = bySeries;
        Windows = windows;
        SkippedWindows = skippedWindows;
    }

    /// <summary>The mean over series of each series' accuracy (as the M4 competition averages), so that every series
    /// counts once whatever its length; <see cref="ForecastAccuracy.Points"/> is every value scored.</summary>
    public ForecastAccuracy Overall { get; }

    /// <summary>Accuracy at each step ahead (index 0 is one step ahead), over every window of every series.</summary>
    public IReadOnlyList<ForecastAccuracy> ByHorizonStep { get; }

    /// <summary>Each series' accuracy over its windows, by the name it was given.</summary>
    public IReadOnlyDictionary<string, ForecastAccuracy> BySeries { get; }

    /// <summary>Windows forecast and scored.</summary>
    public int Windows { get; }

    /// <summary>Windows skipped because their history was shorter than <see cref="BacktestOptions.MinimumHistory"/> (or
    /// the season plus one).</summary>
    public int SkippedWindows { get; }
}
