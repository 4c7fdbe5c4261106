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
    int ChronoMaxTimescale);
