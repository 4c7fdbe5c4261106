namespace Forecasting;

/// <summary>Accuracy of a forecast on the months held out; <see cref="Coverage"/> is NaN for a method without intervals.</summary>
internal sealed record Accuracy(double Rmse, double Mase, double Coverage)
{
    /// <summary>MASE as the M4 competition defines it: the mean absolute error over that of the seasonal naive forecast
    /// in-sample (the history's differences at lag 12).</summary>
    public static Accuracy Of(IReadOnlyList<double> truth, IReadOnlyList<double> point, IReadOnlyList<double> history,
        IReadOnlyList<double> lower = null, IReadOnlyList<double> upper = null)
    {
        var errors = truth.Select((t, i) => t - point[i]).ToArray();
        double seasonalScale = Enumerable.Range(12, history.Count - 12).Average(t => Math.Abs(history[t] - history[t - 12]));
        double coverage = lower == null ? double.NaN : truth.Where((t, i) => lower[i] <= t && t <= upper[i]).Count() / (double)truth.Count;
        return new Accuracy(Math.Sqrt(errors.Average(e => e * e)), errors.Average(Math.Abs) / seasonalScale, coverage);
    }
}
