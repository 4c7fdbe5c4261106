namespace RecurrentML.Forecasting;

/// <summary>A multi-step forecast with a prediction interval at each step, from
/// <see cref="RecursiveForecaster.ForecastWithInterval"/> or any forecaster a <see cref="Backtest"/> evaluates.</summary>
public sealed class IntervalForecast
{
    /// <summary>A forecast of <paramref name="point"/>'s length with its interval at each step, such as another
    /// forecaster's for <see cref="Backtest"/>.</summary>
    /// <param name="point">The point forecast of each step.</param>
    /// <param name="lower">The lower end of each step's interval, as many as <paramref name="point"/>.</param>
    /// <param name="upper">The upper end of each step's interval, at or above <paramref name="lower"/>'s.</param>
    /// <param name="level">The intervals' nominal coverage, in (0, 1).</param>
    public IntervalForecast(IReadOnlyList<double> point, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double level)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != point.Count || upper.Count != point.Count)
            throw new ArgumentException($"The forecast has {point.Count} points, {lower.Count} lower and {upper.Count} upper ends; expected as many of each.");
        for (int h = 0; h < point.Count; h++)
            if (!(lower[h] <= upper[h]))
                throw new ArgumentException($"Step {h + 1}'s interval is [{lower[h]}, {upper[h]}]; expected a lower end at or below the upper end, both numbers.");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, $"{nameof(level)} is {level}; expected a number in (0, 1).");
        Point = point.ToArray();
        Lower = lower.ToArray();
        Upper = upper.ToArray();
        Level = level;
    }

    /// <summary>The point forecast of each step: the recursive forecast without noise.</summary>
    public IReadOnlyList<double> Point { get; }

    /// <summary>The lower end of each step's interval: the (1 - <see cref="Level"/>) / 2 quantile of the simulated paths.</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>The upper end of each step's interval: the (1 + <see cref="Level"/>) / 2 quantile of the simulated paths.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>The intervals' nominal coverage, such as 0.95.</summary>
    public double Level { get; }
}
