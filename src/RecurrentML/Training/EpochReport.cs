namespace RecurrentML;

/// <summary>What one training epoch of a recurrent encoder measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean loss over the epoch's training batches (with dropout active).</param>
/// <param name="ValidationLoss">Mean loss on the held-out rows; NaN when no rows were held out.</param>
/// <param name="ValidationMetric">Accuracy (classification) or mean absolute error (regression) on the held-out rows;
/// NaN when no rows were held out.</param>
/// <param name="MetricName">"accuracy" or "mean absolute error".</param>
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
