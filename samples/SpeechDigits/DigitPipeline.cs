using Microsoft.ML;
using Microsoft.ML.Trainers;
using RecurrentML;

namespace SpeechDigits;

/// <summary>The recogniser of one spoken digit: from a WAV path to the predicted digit.</summary>
internal static class DigitPipeline
{
    // recipe:start
    /// <summary>13 MFCCs with deltas and delta-deltas per 25 ms frame every 10 ms, the standard speech front end.</summary>
    public static AudioFeaturesOptions Audio() => new() { InputColumnName = "Path", OutputColumnName = "Frames", SampleRate = 8000, Deltas = 2 };

    /// <summary>MFCC frames of each file, a recurrent encoder trained on the digit, and a classifier on its encoding.</summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, AudioFeaturesOptions audio, RecurrentCell cell, int seed)
    {
        var encoder = RecurrentEncoderOptions.Create(cell);
        encoder.InputColumnName = "Frames";
        encoder.OutputColumnName = "Encoding";
        encoder.FeaturesPerStep = audio.FeaturesPerStep;
        encoder.Bidirectional = true;
        encoder.Seed = seed;
        return mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.AudioFeatures(audio))
            .Append(mlContext.Transforms.RecurrentEncoder(encoder))
            .AppendCacheCheckpoint(mlContext) // SDCA passes over the encodings many times; without it each pass reads the files again
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                FeatureColumnName = "Encoding",
                NumberOfThreads = 1, // SDCA gives the same model on every run only on one thread
            }))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }
    // recipe:end
}
