using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace RecurrentML.Quality;

/// <summary>
/// The MLContext of one method run or one cross-validation: a new one each time, with seed 1, so that no result
/// depends on which runs came before it. Its log shows the encoder's own messages (one line per epoch, the LSTM kernel
/// chosen) on the console, so that a person sees training go by, and nothing of the rest of ML.NET.
/// </summary>
internal static class QualityContext
{
    public const int Seed = 1;

    public static MLContext Create()
    {
        var mlContext = new MLContext(seed: Seed);
        mlContext.Log += (_, e) =>
        {
            if (e.Kind != ChannelMessageKind.Trace && (e.Source.Contains("RecurrentEncoder", StringComparison.Ordinal) || e.Source.Contains("LanguageModel", StringComparison.Ordinal)))
                Console.WriteLine("    " + e.RawMessage);
        };
        return mlContext;
    }
}
