namespace RecurrentML;

/// <summary>What the validation rows judge an epoch by, to stop training early and to pick the weights kept.</summary>
public enum EarlyStoppingCriterion
{
    /// <summary>The objective's metric: higher accuracy for a Boolean or key label, lower mean absolute error for a
    /// Single label; between epochs of equal metric, the lower validation loss. Accuracy is what the encoding is
    /// wanted for, and the loss can rise while accuracy still improves (confident mistakes on a few rows).</summary>
    ValidationMetric,
    /// <summary>The lower validation loss.</summary>
    ValidationLoss,
}
