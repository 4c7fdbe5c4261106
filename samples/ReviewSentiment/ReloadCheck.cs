using Microsoft.ML;

namespace ReviewSentiment;

/// <summary>Proof that a saved model came back whole: the reloaded model's single-review predictions against the
/// fitted model's batch predictions, review by review.</summary>
public static class ReloadCheck
{
    // Transform scores in torch batches and Predict with the managed row scorer: the same function, computed in
    // another order, so probabilities agree to float rounding rather than bit for bit.
    private const double Tolerance = 1e-5;

    public static void RequireSamePredictions(MLContext mlContext, ITransformer fitted, PredictionEngine<Review, ReviewPrediction> reloaded,
        IReadOnlyList<Review> reviews)
    {
        var batch = mlContext.Data.CreateEnumerable<ReviewPrediction>(fitted.Transform(mlContext.Data.LoadFromEnumerable(reviews)), reuseRowObject: false).ToList();
        for (int i = 0; i < reviews.Count; i++)
        {
            var single = reloaded.Predict(reviews[i]);
            if (single.PredictedLabel != batch[i].PredictedLabel || Math.Abs(single.Probability - batch[i].Probability) > Tolerance)
                throw new InvalidOperationException($"Review {i + 1}: the reloaded model predicts {single.PredictedLabel} (p = {single.Probability}), " +
                                                    $"the fitted model {batch[i].PredictedLabel} (p = {batch[i].Probability}).");
        }
    }
}
