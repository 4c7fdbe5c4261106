namespace RecurrentML.Forecasting;

/// <summary>
/// How close forecasts came to what happened, by the M4 competition's definitions: sMAPE = 200 |y − ŷ| / (|y| + |ŷ|)
/// (0 where both are 0), MASE = |y − ŷ| over the mean absolute seasonal difference of the history the forecast was
/// made from, RMSE = √mean (y − ŷ)², and the share of true values inside the forecast's interval.
/// </summary>
/// <param name="SymmetricMape">Mean sMAPE, in percent (0 to 200).</param>
/// <param name="Mase">Mean absolute scaled error; NaN when no forecast's history changed over a season (its scale is 0).</param>
/// <param name="Rmse">Root mean squared error, in the series' units.</param>
/// <param name="Coverage">Share of true values within the intervals, 0 to 1.</param>
/// <param name="Points">Forecast values scored.</param>
public sealed record ForecastAccuracy(double SymmetricMape, double Mase, double Rmse, double Coverage, int Points)
{
    /// <summary>The mean of each measure over <paramref name="accuracies"/>, such as the series of one category (each
    /// counts once, as the M4 competition averages; MASE over those that have one), with their points summed.</summary>
    public static ForecastAccuracy Mean(IReadOnlyCollection<ForecastAccuracy> accuracies)
    {
        ArgumentNullException.ThrowIfNull(accuracies);
        if (accuracies.Count == 0) throw new ArgumentException("No accuracies to average; expected at least one.", nameof(accuracies));
        var scaled = accuracies.Where(a => !double.IsNaN(a.Mase)).ToList();
        return new ForecastAccuracy(accuracies.Average(a => a.SymmetricMape), scaled.Count == 0 ? double.NaN : scaled.Average(a => a.Mase),
            accuracies.Average(a => a.Rmse), accuracies.Average(a => a.Coverage), accuracies.Sum(a => a.Points));
    }
}
