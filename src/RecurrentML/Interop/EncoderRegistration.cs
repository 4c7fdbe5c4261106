using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the transformer with ML.NET's component catalog the way ML.NET's own transforms are registered, so that
// mlContext.Model.Load finds EncoderRegistration.Create in any process, without the application naming RecurrentML's
// types.
[assembly: LoadableClass(typeof(RecurrentEncoderTransformer), typeof(EncoderRegistration), null, typeof(SignatureLoadModel),
    "Recurrent sequence encoder", RecurrentEncoderTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the encoder's entries in a model zip.</summary>
internal static class EncoderRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static RecurrentEncoderTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, RecurrentEncoderTransformer.EntryFormat,
            reader => RecurrentEncoderTransformer.Load(environment, reader));
}
