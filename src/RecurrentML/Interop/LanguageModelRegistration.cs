using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the language model with ML.NET's component catalog, as Interop/EncoderRegistration.cs does the encoder.
[assembly: LoadableClass(typeof(LanguageModelTransformer), typeof(LanguageModelRegistration), null, typeof(SignatureLoadModel),
    "Recurrent language model", LanguageModelTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the language model's entries in a model zip.</summary>
internal static class LanguageModelRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static LanguageModelTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, LanguageModelTransformer.EntryFormat,
            reader => LanguageModelTransformer.Load(environment, reader));
}
