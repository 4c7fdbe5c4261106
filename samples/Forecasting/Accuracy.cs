namespace Forecasting;

/// <summary>Accuracy of a forecast on the test horizon; <see cref="Coverage"/> is NaN for a method without intervals.</summary>
internal sealed record Accuracy(double Mae, double Rmse, double Coverage)
{
    public static Accuracy Of(IReadOnlyList<double> truth, IReadOnlyList<double> point, IReadOnlyList<double> lower = null, IReadOnlyList<double> upper = null)
    {
        var errors = truth.Select((t, i) => t - point[i]).ToArray();
        double coverage = lower == null ? double.NaN : truth.Where((t, i) => lower[i] <= t && t <= upper[i]).Count() / (double)truth.Count;
        return new Accuracy(errors.Average(Math.Abs), Math.Sqrt(errors.Average(e => e * e)), coverage);
    }
}
