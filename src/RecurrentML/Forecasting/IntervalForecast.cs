namespace RecurrentML.Forecasting;

/// <summary>A multi-step forecast with a prediction interval at each step, from
/// <see cref="RecursiveForecaster.ForecastWithInterval"/>.</summary>
public sealed class IntervalForecast
{
    internal IntervalForecast(double[] point, double[] lower, double[] upper, double level)
    {
        Point = point;
        Lower = lower;
        Upper = upper;
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
