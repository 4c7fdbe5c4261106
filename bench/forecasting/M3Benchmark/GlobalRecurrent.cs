using Microsoft.ML;
using RecurrentML;
using RecurrentML.Forecasting;

/// <summary>
/// A first global recurrent forecaster: one GRU pipeline trained on the windows of every series' history at once
/// (each window taken relative to its last value after a log, so series of any level share one model), forecasting
/// each series recursively (<see cref="RecursiveForecaster"/>); intervals from simulated paths with the series' own
/// in-sample one-step errors, as R's <c>nnetar</c> makes them. Settings are the README forecasting program's, not tuned.
/// </summary>
internal static class GlobalRecurrent
{
    public const int WindowSize = 24;

    /// <summary>Trains on every history (values before each series' forecast origin only) and returns the forecaster.</summary>
    public static SeriesForecaster Fit(IEnumerable<double[]> histories, int seed, Action<string> log)
    {
        var mlContext = new MLContext(seed);
        var windowing = new SeriesWindowing(WindowSize, logTransform: true);
        var rows = histories.Where(h => h.Length > WindowSize).SelectMany(h => windowing.CreateRows(h)).ToList();
        log($"global GRU: {rows.Count:N0} windows of {WindowSize} months from every history");
        var model = mlContext.Transforms.Gru(new GruOptions
                { InputColumnName = "Features", OutputColumnName = "Encoding", HiddenSize = 32, Seed = seed })
            .Append(mlContext.Transforms.Concatenate("RegressorFeatures", "Encoding", "Features"))
            .Append(mlContext.Transforms.NormalizeMeanVariance("RegressorFeatures"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "RegressorFeatures"))
            .Fit(mlContext.Data.LoadFromEnumerable(rows, windowing.SchemaDefinition()));
        var forecaster = new RecursiveForecaster(mlContext, model, windowing);
        return (history, horizon) =>
        {
            var errors = forecaster.OneStepErrors(history, firstTarget: WindowSize);
            return forecaster.ForecastWithInterval(history, horizon, errors, level: 0.95, paths: 200, seed: seed);
        };
    }
}
