using Microsoft.ML;
using Microsoft.ML.Trainers;
using RecurrentML;
using RecurrentML.Forecasting;

namespace Forecasting;

/// <summary>
/// The sample's forecasting pipeline: a recurrent encoder trained on the one-step label (mean squared error), then
/// ML.NET's SDCA linear regression on the encoding, alone or with the raw window beside it.
/// </summary>
internal static class RecurrentModel
{
    // recipe:start
    /// <summary>Fits the encoder once and both regressors on it; returns the model of each <see cref="RecurrentSettings.WithWindow"/>.</summary>
    public static (ITransformer EncodingOnly, ITransformer WithWindow) FitBoth(MLContext mlContext, RecurrentSettings settings, IReadOnlyList<double> series)
    {
        var rows = mlContext.Data.Cache(mlContext.Data.LoadFromSeriesWindows(series, settings.Windowing));
        var encoder = Encoder(mlContext, settings).Fit(rows);
        var encoded = mlContext.Data.Cache(encoder.Transform(rows));
        ITransformer Head(bool withWindow) => encoder.Append(Regressor(mlContext, withWindow).Fit(encoded));
        return (Head(false), Head(true));
    }

    public static ITransformer Fit(MLContext mlContext, RecurrentSettings settings, IReadOnlyList<double> series)
    {
        var (encodingOnly, withWindow) = FitBoth(mlContext, settings, series);
        return settings.WithWindow ? withWindow : encodingOnly;
    }

    private static RecurrentEncoderEstimator Encoder(MLContext mlContext, RecurrentSettings settings)
    {
        var options = RecurrentEncoderOptions.Create(settings.Cell);
        options.InputColumnName = SeriesWindowing.FeaturesColumnName;
        options.OutputColumnName = "Encoding";
        options.LabelColumnName = SeriesWindowing.LabelColumnName;
        options.HiddenSize = settings.HiddenSize;
        options.MaxSequenceLength = settings.WindowSize;
        options.MaxEpochs = settings.Epochs;
        options.BatchSize = RecurrentSettings.BatchSize;
        options.LearningRate = settings.LearningRate;
        options.Dropout = 0;            // one layer: dropout would act only on the training head, and the data are few
        options.ValidationFraction = 0; // rows are not exchangeable in time; the epochs are chosen on the validation tail
        options.Seed = RecurrentSettings.Seed;
        // Matrices of 16-32 units gain nothing from a second torch thread, and threads that spin waiting for a busy
        // core slowed single fits by up to 40 times when another process shared the machine.
        options.NumberOfThreads = 1;
        return mlContext.Transforms.RecurrentEncoder(options);
    }

    private static IEstimator<ITransformer> Regressor(MLContext mlContext, bool withWindow)
    {
        var columns = withWindow ? new[] { "Encoding", SeriesWindowing.FeaturesColumnName } : new[] { "Encoding" };
        return mlContext.Transforms.Concatenate("RegressorFeatures", columns)
            .Append(mlContext.Transforms.NormalizeMeanVariance("RegressorFeatures"))
            .AppendCacheCheckpoint(mlContext) // SDCA passes over the rows many times
            .Append(mlContext.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = SeriesWindowing.LabelColumnName,
                FeatureColumnName = "RegressorFeatures",
                NumberOfThreads = 1, // SDCA is deterministic only on one thread
                // The defaults (tolerance 0.01, L2 chosen from the row count) stop far from the least-squares fit on a few
                // hundred rows, and a recursive forecast compounds that error over the horizon.
                L2Regularization = 1e-4f,
                ConvergenceTolerance = 1e-5f,
                MaximumNumberOfIterations = 200,
            }));
    }
    // recipe:end
}
