using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the transcriber with ML.NET's component catalog, as Interop/EncoderRegistration.cs does the encoder.
[assembly: LoadableClass(typeof(RecurrentTranscriberTransformer), typeof(TranscriberRegistration), null, typeof(SignatureLoadModel),
    "Recurrent transcriber", RecurrentTranscriberTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the transcriber's entries in a model zip.</summary>
internal static class TranscriberRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static RecurrentTranscriberTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, RecurrentTranscriberTransformer.EntryFormat, reader => RecurrentTranscriberTransformer.Load(environment, reader));
}
