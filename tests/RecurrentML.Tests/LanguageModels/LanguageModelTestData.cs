using Microsoft.ML;

namespace RecurrentML.Tests.LanguageModels;

public sealed class TextRow
{
    public string Text { get; set; }
}

public sealed class GeneratedRow
{
    public string Generated { get; set; }
}

/// <summary>Small texts whose next word is (nearly) determined by the words before it, and options small enough to
/// train a language model on them in seconds.</summary>
internal static class LanguageModelTestData
{
    private static readonly string[] Cycle = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

    /// <summary>Rows of 3 to 8 consecutive words of a cycle of ten, from a random start: after the first word of a
    /// row, every next word is determined.</summary>
    public static List<TextRow> Counting(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ =>
        {
            int start = random.Next(Cycle.Length), length = random.Next(3, 9);
            return new TextRow { Text = string.Join(" ", Enumerable.Range(start, length).Select(i => Cycle[i % Cycle.Length])) };
        }).ToList();
    }

    public static IEstimator<ITransformer> Tokens(MLContext mlContext) =>
        mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"));

    public static LanguageModelOptions Small(RecurrentCell cell = RecurrentCell.Lstm, int epochs = 8) => new()
    {
        Cell = cell,
        HiddenSize = 16,
        EmbeddingSize = 16,
        ChunkLength = 8,
        BatchSize = 4,
        MaxEpochs = epochs,
        LearningRate = 1e-2,
        Dropout = 0,
        Seed = 3,
        MinValidationRows = 10,
    };
}
