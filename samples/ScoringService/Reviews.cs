namespace ScoringService;

/// <summary>What the model reads: a review's text (and, for training, whether the reviewer gave 5 stars).</summary>
public sealed class Review
{
    public string Text { get; set; }
    public bool Label { get; set; }
}

/// <summary>What the model writes: the logistic regression's columns.</summary>
public sealed class ReviewScore
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}

/// <summary>The service's request body.</summary>
public sealed record ScoreRequest(string Text);

/// <summary>The service's answer.</summary>
public sealed record ScoreResponse(bool FiveStars, float Probability, float Score);

/// <summary>Reads the Amazon fine-food reviews of the review sample (Data/SOURCE.md): a header line, then
/// product, review, "great" (5 stars) or "other", tab-separated.</summary>
public static class ReviewFile
{
    public static List<Review> Read(string path) => File.ReadLines(path).Skip(1).Select((line, index) =>
    {
        var fields = line.Split('\t');
        if (fields.Length != 3 || (fields[2] != "great" && fields[2] != "other"))
            throw new InvalidDataException($"{path} line {index + 2}: expected 'product<TAB>review<TAB>great|other'.");
        return new Review { Text = fields[1], Label = fields[2] == "great" };
    }).ToList();

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);
}
