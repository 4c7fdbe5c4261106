namespace RecurrentML.Training;

/// <summary>
/// How many epochs and steps a training plans. Given epochs are taken as they are; without them, enough epochs for at
/// least the minimum number of steps (and at least <see cref="DefaultEpochs"/>), so that a few dozen rows, a few
/// batches per epoch, still get enough updates to leave the loss plateau. The step cap bounds both. The learning-rate
/// schedule spans <see cref="PlannedSteps"/>.
/// </summary>
internal sealed record TrainingBudget(int Epochs, int StepsPerEpoch, long PlannedSteps)
{
    /// <summary>Epochs planned without a minimum step count forcing more.</summary>
    public const int DefaultEpochs = 10;

    public static TrainingBudget Plan(int trainingRows, int batchSize, int? maxEpochs, int minTrainingSteps, long? maxTrainingSteps)
    {
        int stepsPerEpoch = Math.Max(1, (trainingRows + batchSize - 1) / batchSize);
        int epochs = maxEpochs ?? (int)Math.Max(DefaultEpochs, (minTrainingSteps + stepsPerEpoch - 1L) / stepsPerEpoch);
        long steps = Math.Min((long)epochs * stepsPerEpoch, maxTrainingSteps ?? long.MaxValue);
        // An epoch the cap cuts short still counts as one, so the epoch count follows the steps.
        epochs = (int)Math.Min(epochs, (steps + stepsPerEpoch - 1) / stepsPerEpoch);
        return new TrainingBudget(epochs, stepsPerEpoch, steps);
    }
}
