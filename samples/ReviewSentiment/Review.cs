namespace ReviewSentiment;

/// <summary>One Amazon fine-food review: its text, and whether the reviewer gave 5 stars.</summary>
public sealed class Review
{
    public string Text { get; set; }
    public bool Label { get; set; }
}

public sealed class ReviewPrediction
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
}
