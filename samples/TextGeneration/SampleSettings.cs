using RecurrentML;

namespace TextGeneration;

/// <summary>The language model's options: the library's defaults (LSTM, embedding and hidden size 256 tied, chunks of
/// 64 steps, 32 streams, Adam at 3e-3 with warm-up and cosine decay, dropout 0.2), with the step budget the sample's
/// time allows.</summary>
public static class SampleSettings
{
    // recipe:start
    public const long Steps = 600;

    public static LanguageModelOptions Create() => new()
    {
        InputColumnName = "Tokens",
        OutputColumnName = "Generated",
        MaxTrainingSteps = Steps,
        Seed = 1,
    };
    // recipe:end
}
