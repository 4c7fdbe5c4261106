using RecurrentML;
using RecurrentML.Interop;

namespace Microsoft.ML;

/// <summary>The global recurrent forecaster on <c>mlContext.Forecasting</c>, beside ML.NET's <c>ForecastBySsa</c>.</summary>
public static class ForecastingCatalogExtensions
{
    /// <summary>
    /// Trains one recurrent network across every series of long-form data (one row per series and time step) and
    /// forecasts each series' next <paramref name="horizon"/> values with an interval at
    /// <paramref name="confidenceLevel"/>: the median in <c>Forecast</c>, the bounds in <c>LowerBound</c> and
    /// <c>UpperBound</c>, one row per series.
    /// </summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="seriesIdColumnName">The series id: Text or an integer type.</param>
    /// <param name="timeColumnName">The time step: an integer type, consecutive within a series.</param>
    /// <param name="valueColumnName">The value: Single or Double.</param>
    /// <param name="horizon">Steps to forecast.</param>
    /// <param name="seasonalPeriod">The season's length in steps; 1 for none.</param>
    /// <param name="confidenceLevel">The bounds' nominal coverage.</param>
    /// <example>
    /// <code>
    /// var model = mlContext.Forecasting.ForecastByRecurrentNetwork("SeriesId", "Time", "Value", horizon: 18).Fit(history);
    /// var forecasts = model.Transform(history);   // SeriesId, Forecast, LowerBound, UpperBound
    /// </code>
    /// </example>
    public static RecurrentForecastingEstimator ForecastByRecurrentNetwork(this ForecastingCatalog catalog, string seriesIdColumnName = "SeriesId",
        string timeColumnName = "Time", string valueColumnName = "Value", int horizon = 12, int seasonalPeriod = 12, double confidenceLevel = 0.95) =>
        catalog.ForecastByRecurrentNetwork(new RecurrentForecasterOptions
        {
            SeriesIdColumnName = seriesIdColumnName, TimeColumnName = timeColumnName, ValueColumnName = valueColumnName,
            Horizon = horizon, SeasonalPeriod = seasonalPeriod, ConfidenceLevel = confidenceLevel,
        });

    /// <summary>Trains the global recurrent forecaster with every option of <see cref="RecurrentForecasterOptions"/>,
    /// covariates included.</summary>
    /// <param name="catalog">The forecasting catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentForecastingEstimator ForecastByRecurrentNetwork(this ForecastingCatalog catalog, RecurrentForecasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RecurrentForecastingEstimator(MlNetInternals.Environment(catalog), options);
    }
}
