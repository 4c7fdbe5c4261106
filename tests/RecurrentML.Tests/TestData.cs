using Microsoft.ML;

namespace RecurrentML.Tests;

public sealed class Review
{
    public string Text { get; set; }
    public bool Label { get; set; }
}

public sealed class ScoredReview
{
    public float Score { get; set; }
    public bool PredictedLabel { get; set; }
    public float[] Features { get; set; }
}

/// <summary>Small seeded synthetic data sets for fast tests.</summary>
internal static class TestData
{
    private static readonly string[] Positive = { "good", "great", "tasty", "fresh" };
    private static readonly string[] Negative = { "bad", "awful", "stale", "bland" };

    /// <summary>Filler words around one sentiment word; the label is the word's sentiment.</summary>
    public static List<Review> Sentiment(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            bool positive = random.Next(2) == 0;
            var words = Filler(random, random.Next(2, 12));
            words.Insert(random.Next(words.Count + 1), positive ? Positive[random.Next(4)] : Negative[random.Next(4)]);
            return new Review { Text = string.Join(' ', words), Label = positive };
        }).ToList();
    }

    /// <summary>
    /// A task only word order solves: every row has one sentiment word and one "not"; the "not" flips the sentiment
    /// when it stands right before the word and is idle elsewhere. Bags of words of both classes look alike.
    /// </summary>
    public static List<Review> Negation(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            bool positiveWord = random.Next(2) == 0;
            bool negated = random.Next(2) == 0;
            var words = Filler(random, random.Next(2, 8));
            int at = random.Next(words.Count + 1);
            words.Insert(at, positiveWord ? Positive[random.Next(4)] : Negative[random.Next(4)]);
            if (negated) words.Insert(at, "not");
            else words.Add("not");
            return new Review { Text = string.Join(' ', words), Label = positiveWord != negated };
        }).ToList();
    }

    public static IEstimator<ITransformer> Tokens(MLContext mlContext) =>
        mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"));

    private static List<string> Filler(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => "w" + random.Next(30)).ToList();
}
