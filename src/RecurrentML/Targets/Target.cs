namespace RecurrentML.Targets;

/// <summary>
/// What a model is trained to predict: one label per row (<see cref="RowLabel"/>: Boolean, key or Single), one tag per
/// token (<see cref="StepTags"/>), or the next token (<see cref="NextToken"/>). Each target checks the column it is read
/// from and owns its loss; this base holds what the epoch loop reports about every target alike.
/// </summary>
internal abstract record Target
{
    /// <summary>The validation metric reported beside the loss, for the log and the history.</summary>
    public abstract string MetricName { get; }

    /// <summary>Whether a higher metric is better (accuracy) or a lower one (an error, perplexity).</summary>
    public abstract bool HigherMetricIsBetter { get; }

    /// <summary>What the target makes the training, for the log: the task and its loss.</summary>
    public abstract string Description { get; }
}
