namespace RecurrentML;

/// <summary>What one training epoch of a recurrent encoder, language model or tagger measured (an entry of its
/// <c>TrainingHistory</c>).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean loss over the epoch's training data (with dropout active): per row for an encoder,
/// per predicted token for a language model or tagger.</param>
/// <param name="ValidationLoss">Mean loss on the held-out rows (or text); NaN when none were held out.</param>
/// <param name="ValidationMetric">The <paramref name="MetricName"/> metric on the held-out rows (or text); NaN when none
/// were held out.</param>
/// <param name="MetricName">An encoder's "accuracy" (Boolean or key label) or "mean absolute error" (Single label), a
/// language model's "perplexity", a tagger's "token accuracy".</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, validation included.</param>
public sealed record EpochReport(int Epoch, double TrainingLoss, double ValidationLoss, double ValidationMetric, string MetricName, double Seconds)
{
    /// <summary>The epoch's log line.</summary>
    internal string Describe(string what, int epochs)
    {
        string validation = double.IsNaN(ValidationLoss)
            ? "no validation rows"
            : $"validation loss {ValidationLoss:F4}, validation {MetricName} {ValidationMetric:F4}";
        return $"{what} epoch {Epoch}/{epochs}: training loss {TrainingLoss:F4}, {validation}, {Seconds:F1} s";
    }
}
