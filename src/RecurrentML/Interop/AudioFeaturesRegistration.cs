using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the audio features transform with ML.NET's component catalog, as Interop/EncoderRegistration.cs does the encoder.
[assembly: LoadableClass(typeof(AudioFeaturesTransformer), typeof(AudioFeaturesRegistration), null, typeof(SignatureLoadModel),
    "Audio features", AudioFeaturesTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the audio features' entries in a model zip.</summary>
internal static class AudioFeaturesRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static AudioFeaturesTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, AudioFeaturesTransformer.EntryFormat, AudioFeaturesTransformer.Load);
}
