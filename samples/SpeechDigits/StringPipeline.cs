using Microsoft.ML;
using RecurrentML;

namespace SpeechDigits;

/// <summary>The recogniser of a spoken digit string: from a WAV path to the digits said, e.g. "3147".</summary>
internal static class StringPipeline
{
    // recipe:start
    /// <summary>13 MFCCs with deltas and delta-deltas per 25 ms frame every 20 ms: half the steps of the 10 ms hop,
    /// still several per digit.</summary>
    public static AudioFeaturesOptions Audio() => new() { InputColumnName = "Path", OutputColumnName = "Frames", SampleRate = 8000, Deltas = 2, HopMilliseconds = 20 };

    /// <summary>MFCC frames of each file and a recurrent transcriber trained with CTC on the whole digit string.</summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, AudioFeaturesOptions audio, int seed) =>
        mlContext.Transforms.AudioFeatures(audio)
            .Append(mlContext.Transforms.RecurrentTranscriber(new RecurrentTranscriberOptions
            {
                FeaturesColumnName = "Frames",
                FeaturesPerStep = audio.FeaturesPerStep,
                LabelColumnName = "Digits",
                Seed = seed,
            }));
    // recipe:end
}

/// <summary>A row of the string recogniser: a WAV file and the digits it says.</summary>
internal sealed class DigitString
{
    public string Path { get; set; } = "";
    public string Digits { get; set; } = "";
}
