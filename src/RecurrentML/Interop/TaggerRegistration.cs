using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the tagger with ML.NET's component catalog, as Interop/EncoderRegistration.cs does the encoder.
[assembly: LoadableClass(typeof(RecurrentTaggerTransformer), typeof(TaggerRegistration), null, typeof(SignatureLoadModel),
    "Recurrent sequence tagger", RecurrentTaggerTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the tagger's entries in a model zip.</summary>
internal static class TaggerRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static RecurrentTaggerTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, RecurrentTaggerTransformer.EntryFormat, reader => RecurrentTaggerTransformer.Load(environment, reader));
}
