using RecurrentML.Forecasting;

namespace Microsoft.ML;

/// <summary>Turns a univariate series into forecasting rows on <c>mlContext.Data</c>.</summary>
public static class SeriesWindowCatalog
{
    /// <summary>
    /// The (window, next value) rows of <paramref name="series"/> as an <see cref="IDataView"/> with <c>Features</c>
    /// (Vector&lt;Single&gt; of <see cref="SeriesWindowing.WindowSize"/>) and <c>Label</c> (Single), in series order; see
    /// <see cref="SeriesWindowing.CreateRows"/>. Both are in the windowing's units: by default relative to the window's
    /// last value, so the label is the change from it to the next value, not the next value itself. A Single label trains the recurrent encoders with mean squared error;
    /// read <c>Features</c> with <c>FeaturesPerStep = 1</c>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="series">The series, oldest value first.</param>
    /// <param name="windowing">Window size and value transform.</param>
    /// <example>
    /// <code>
    /// var windowing = new SeriesWindowing(windowSize: 24, logTransform: true);
    /// var rows = mlContext.Data.LoadFromSeriesWindows(series, windowing);
    /// var model = mlContext.Transforms.Lstm(new LstmOptions { InputColumnName = "Features", OutputColumnName = "Encoding" })
    ///     .Append(mlContext.Regression.Trainers.Sdca(featureColumnName: "Encoding"))
    ///     .Fit(rows);
    /// var forecast = new RecursiveForecaster(mlContext, model, windowing).Forecast(series, horizon: 12);
    /// </code>
    /// </example>
    public static IDataView LoadFromSeriesWindows(this DataOperationsCatalog catalog, IReadOnlyList<double> series, SeriesWindowing windowing)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(windowing);
        return catalog.LoadFromEnumerable(windowing.CreateRows(series), windowing.SchemaDefinition());
    }
}
