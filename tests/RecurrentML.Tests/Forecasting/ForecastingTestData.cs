using Microsoft.ML;
using Microsoft.ML.Trainers;
using RecurrentML.Forecasting;

namespace RecurrentML.Tests.Forecasting;

/// <summary>The forecast score column, as the pipelines below produce it.</summary>
public sealed class ScoredWindow
{
    public float Score { get; set; }
}

/// <summary>A synthetic seasonal series and a recursive forecasting pipeline (window encoder and SDCA), small enough for tests.</summary>
internal static class ForecastingTestData
{
    public const int Period = 12;

    /// <summary>Level 10, trend 0.05 a month, a yearly sine of amplitude 2 and Gaussian noise of deviation 0.1.</summary>
    public static double[] SeasonalSeries(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(t =>
        {
            double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return 10 + 0.05 * t + 2 * Math.Sin(2 * Math.PI * t / Period) + 0.1 * noise;
        }).ToArray();
    }

    /// <summary>A recurrent encoder (standardising its input, the default) trained on the one-step label, then SDCA
    /// regression on the encoding, with the raw window beside it when <paramref name="withWindow"/>.</summary>
    public static ITransformer Fit(MLContext mlContext, IReadOnlyList<double> series, SeriesWindowing windowing, RecurrentCell cell = RecurrentCell.Gru,
        bool withWindow = true, int seed = 1, int epochs = 15)
    {
        var options = RecurrentEncoderOptions.Create(cell);
        options.InputColumnName = SeriesWindowing.FeaturesColumnName;
        options.OutputColumnName = "Encoding";
        options.HiddenSize = 8;
        options.MaxEpochs = epochs;
        options.BatchSize = 16;
        options.LearningRate = 1e-2;
        options.Dropout = 0;
        options.ValidationFraction = 0;
        options.Seed = seed;
        options.NumberOfThreads = 1;
        var encoder = mlContext.Transforms.RecurrentEncoder(options);
        var columns = withWindow ? new[] { "Encoding", SeriesWindowing.FeaturesColumnName } : new[] { "Encoding" };
        return encoder
            .Append(mlContext.Transforms.Concatenate("RegressorFeatures", columns))
            .Append(mlContext.Transforms.NormalizeMeanVariance("RegressorFeatures"))
            .Append(mlContext.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                FeatureColumnName = "RegressorFeatures", NumberOfThreads = 1,
            }))
            .Fit(mlContext.Data.LoadFromSeriesWindows(series, windowing));
    }

    public static double Rmse(IReadOnlyList<double> truth, IReadOnlyList<double> forecast) =>
        Math.Sqrt(truth.Select((t, i) => (t - forecast[i]) * (t - forecast[i])).Average());

    public static double[] SeasonalNaive(IReadOnlyList<double> history, int horizon) =>
        Enumerable.Range(0, horizon).Select(h => history[history.Count - Period + h % Period]).ToArray();
}
