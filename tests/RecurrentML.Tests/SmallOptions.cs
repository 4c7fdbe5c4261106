namespace RecurrentML.Tests;

/// <summary>Options small enough for a test to train in a few seconds.</summary>
internal static class SmallOptions
{
    public static T Of<T>(T options, int hidden = 16, int epochs = 4) where T : RecurrentEncoderOptions
    {
        options.OutputColumnName = "Features";
        options.InputColumnName = "Tokens";
        options.HiddenSize = hidden;
        options.EmbeddingSize = 8;
        options.MaxEpochs = epochs;
        options.BatchSize = 16;
        options.LearningRate = 1e-2;
        options.Seed = 7;
        return options;
    }
}
