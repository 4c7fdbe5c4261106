using Microsoft.ML;
using RecurrentML;
using RecurrentML.Forecasting;

namespace Forecasting;

/// <summary>The README's recipe: one series forecast by <c>ForecastByRecurrentNetwork</c> with its defaults.</summary>
internal static class OneSeries
{
    public static IntervalForecast Forecast(string name, double[] history, int horizon, int seed)
    {
        // recipe:start
        var mlContext = new MLContext(seed);
        // Long form with one series: its name, the month's index and the value.
        var rows = history.Select((value, month) => new MonthValue { Series = name, Month = month, Value = (float)value }).ToList();
        var training = mlContext.Data.LoadFromEnumerable(rows);
        using var model = mlContext.Forecasting.ForecastByRecurrentNetwork(new RecurrentForecasterOptions
        {
            SeriesIdColumnName = "Series", TimeColumnName = "Month", ValueColumnName = "Value",
            Horizon = horizon, SeasonalPeriod = 12, Seed = seed,
        }).Fit(training);
        IntervalForecast forecast = model.Forecast(training)[name];   // the median and the 95% interval, for each month
        // recipe:end
        return forecast;
    }
}

/// <summary>One row of a series in long form.</summary>
internal sealed class MonthValue
{
    public string Series { get; set; } = "";
    public int Month { get; set; }
    public float Value { get; set; }
}
