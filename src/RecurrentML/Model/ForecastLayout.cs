namespace RecurrentML.Model;

/// <summary>A covariate's standardisation, learned in Fit: the network reads (x − Mean) / Scale.</summary>
internal sealed record CovariateScaling(string Column, float Mean, float Scale);

/// <summary>A static covariate: one-hot over <see cref="Categories"/> (a text column; an unseen category reads as
/// none of them), or one standardised number (<see cref="Categories"/> null).</summary>
internal sealed record StaticCovariate(string Column, string[] Categories, float Mean, float Scale)
{
    public int Width => Categories?.Length ?? 1;
}

/// <summary>
/// What a global forecaster's network reads and predicts, as plain values: the horizon, how many past steps it reads,
/// the season, the quantile levels it outputs, and each covariate's encoding. The features of one window follow from
/// it (<c>Forecasting/ForecastWindow</c>): at each of <see cref="ContextLength"/> past steps the scaled value, whether
/// the step is observed, the season position (sine, cosine), the past, future and static covariates; at each step
/// forecast the future covariates and the season position.
/// </summary>
internal sealed record ForecastLayout(int Horizon, int ContextLength, int SeasonalPeriod, double[] QuantileLevels,
    CovariateScaling[] Past, CovariateScaling[] Future, StaticCovariate[] Static, bool LogValues)
{
    /// <summary>What the network reads and predicts for a value y of a window scaled by s: log(y / s) when
    /// <see cref="LogValues"/> (positive series: errors become relative, seasonality multiplicative), else y / s − 1.</summary>
    public double ToNetwork(double value, double scale) => LogValues ? Math.Log(value / scale) : value / scale - 1;

    /// <summary>The value of a network output in the series' units: the inverse of <see cref="ToNetwork"/>.</summary>
    public double FromNetwork(double output, double scale) => LogValues ? scale * Math.Exp(output) : scale * (1 + output);

    /// <summary>Values at the end of a history whose mean absolute value scales the window: a season, at least 4.</summary>
    public int ScaleWindow => Math.Max(SeasonalPeriod, 4);

    public int SeasonFeatures => SeasonalPeriod > 1 ? 2 : 0;

    public int StaticWidth => Static.Sum(s => s.Width);

    /// <summary>Features of each past step: scaled value, observed flag, season, covariates.</summary>
    public int StepFeatures => 2 + SeasonFeatures + Past.Length + Future.Length + StaticWidth;

    /// <summary>Features of each step forecast besides its index: future covariates and season.</summary>
    public int HorizonFeatures => Future.Length + SeasonFeatures;

    /// <summary>Index of the median among <see cref="QuantileLevels"/>.</summary>
    public int MedianIndex => Array.IndexOf(QuantileLevels, 0.5);

    /// <summary>The lowest and highest quantile levels: the interval's ends at a confidence level.</summary>
    public static double[] LevelsFor(double confidence) => [(1 - confidence) / 2, 0.5, (1 + confidence) / 2];
}
