namespace RecurrentML;

/// <summary>How Adam's learning rate changes over the steps of a training.</summary>
public enum LearningRateSchedule
{
    /// <summary><see cref="RecurrentTrainingOptions.LearningRate"/> at every step.</summary>
    Constant,
    /// <summary>A linear warm-up from near 0 to <see cref="RecurrentTrainingOptions.LearningRate"/> over the first 5% of
    /// the planned steps, then a cosine decay towards 0 that is floored at 1% of the learning rate, which the last
    /// planned steps keep. Warm-up keeps Adam's first, poorly estimated steps small; the decay lets a run that is not
    /// stopped early end on settled weights, and the floor lets its last steps still move them.</summary>
    WarmupCosine,
}
