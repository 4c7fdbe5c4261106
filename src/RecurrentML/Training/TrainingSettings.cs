using RecurrentML.Model;
namespace RecurrentML.Training;

/// <summary>The training options as plain values, read once from the user's options.</summary>
internal sealed record TrainingSettings(
    int? MaxEpochs,
    int MinTrainingSteps,
    long? MaxTrainingSteps,
    int BatchSize,
    double LearningRate,
    LearningRateSchedule Schedule,
    double WeightDecay,
    double GradientClipNorm,
    double ValidationFraction,
    int MinValidationRows,
    EarlyStoppingCriterion EarlyStopping,
    int EarlyStoppingPatience,
    double Dropout,
    int Seed,
    int Threads,
    GateInitialization GateBiases,
    int ChronoMaxTimescale,
    PretrainedStart Pretrained = null,
    WordVectorStart WordVectors = null)
{
    /// <summary>What stops the training on request; nothing unless the estimator sets it.</summary>
    public TrainingCancellation Cancellation { get; init; } = TrainingCancellation.None;
}

/// <summary>Weights an encoder starts from instead of drawing them (a language model's embedding and layers, under the
/// encoder's names), how fast they move relative to the rest and how many epochs they stay frozen at the start.</summary>
internal sealed record PretrainedStart(IReadOnlyList<RecurrentML.Model.NamedWeight> Weights, double LearningRateFactor, int FrozenEpochs)
{
    public bool Holds(string name) => Weights.Any(w => w.Name == name);
}
