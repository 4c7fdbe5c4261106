namespace Forecasting;

/// <summary>The seasonal naive forecast: each month's value is that of the same month in the last observed year.</summary>
internal static class SeasonalNaive
{
    public static double[] Forecast(IReadOnlyList<double> history, int horizon, int period = 12) =>
        Enumerable.Range(0, horizon).Select(h => history[history.Count - period + h % period]).ToArray();
}
