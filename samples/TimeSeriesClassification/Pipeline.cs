using Microsoft.ML;
using Microsoft.ML.Trainers;
using RecurrentML;

namespace TimeSeriesClassification;

/// <summary>The recurrent pipeline: class keys, the encoder on the float steps, a cache, and a linear classifier on the encoding.</summary>
internal static class Pipeline
{
    public const int Seed = 1;

    // recipe:start
    public static IEstimator<ITransformer> Create(MLContext mlContext, EncoderSettings settings, RecurrentCell cell, int featuresPerStep, int maxSteps) =>
        mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(settings.Encoder(mlContext, cell, featuresPerStep, maxSteps, Seed))
            .AppendCacheCheckpoint(mlContext) // SDCA passes over the encodings many times; without it each pass re-runs the encoder
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                FeatureColumnName = "Encoding",
                NumberOfThreads = 1, // SDCA gives the same model on every run only on one thread
            }));
    // recipe:end
}
