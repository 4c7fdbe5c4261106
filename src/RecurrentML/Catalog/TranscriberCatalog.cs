using RecurrentML;
using RecurrentML.Interop;

namespace Microsoft.ML;

/// <summary>The recurrent transcriber on <c>mlContext.Transforms</c>: a sequence of symbols out of a sequence of steps.</summary>
public static class TranscriberCatalog
{
    /// <summary>
    /// Trains a recurrent network with CTC that transcribes a column of float steps (frames of audio
    /// features, <c>AudioFeatures</c>'s output) into Text, learning from whole transcripts (each character a symbol)
    /// without any alignment of symbols to steps.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="featuresPerStep">Values per step in the features column.</param>
    /// <param name="labelColumnName">The transcripts: String.</param>
    /// <param name="featuresColumnName">The steps: Vector&lt;Single&gt;, step after step.</param>
    /// <param name="transcriptColumnName">The column of recognised transcripts to add.</param>
    /// <example>
    /// <code>
    /// var audio = new AudioFeaturesOptions { InputColumnName = "Path", OutputColumnName = "Features", SampleRate = 8000, Deltas = 2 };
    /// var pipeline = mlContext.Transforms.AudioFeatures(audio)
    ///     .Append(mlContext.Transforms.RecurrentTranscriber(audio.FeaturesPerStep, labelColumnName: "Digits"));
    /// </code>
    /// </example>
    public static RecurrentTranscriberEstimator RecurrentTranscriber(this TransformsCatalog catalog, int featuresPerStep,
        string labelColumnName = "Label", string featuresColumnName = "Features", string transcriptColumnName = "Transcript") =>
        catalog.RecurrentTranscriber(new RecurrentTranscriberOptions
        {
            FeaturesPerStep = featuresPerStep, LabelColumnName = labelColumnName, FeaturesColumnName = featuresColumnName,
            TranscriptColumnName = transcriptColumnName,
        });

    /// <summary>Trains a recurrent transcriber with every option of <see cref="RecurrentTranscriberOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentTranscriberEstimator RecurrentTranscriber(this TransformsCatalog catalog, RecurrentTranscriberOptions options)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return new RecurrentTranscriberEstimator(MlNetInternals.Environment(catalog), options);
    }
}
