using Microsoft.ML;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Interop;

// Registers the global forecaster with ML.NET's component catalog, so that mlContext.Model.Load finds it in any process.
[assembly: LoadableClass(typeof(RecurrentForecastingTransformer), typeof(ForecasterRegistration), null, typeof(SignatureLoadModel),
    "Global recurrent forecaster", RecurrentForecastingTransformer.LoaderSignature)]

namespace RecurrentML.Interop;

/// <summary>The loader ML.NET's component catalog calls for the global forecaster's entries in a model zip.</summary>
internal static class ForecasterRegistration
{
    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static RecurrentForecastingTransformer Create(IHostEnvironment environment, ModelLoadContext context) =>
        ModelEntry.Read(context, RecurrentForecastingTransformer.EntryFormat,
            reader => RecurrentForecastingTransformer.Load(environment, reader));
}
