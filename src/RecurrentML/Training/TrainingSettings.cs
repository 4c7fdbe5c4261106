namespace RecurrentML.Training;

/// <summary>The training options as plain values, read once from the user's options.</summary>
internal sealed record TrainingSettings(
    int MaxEpochs,
    long? MaxTrainingSteps,
    int BatchSize,
    double LearningRate,
    double WeightDecay,
    double GradientClipNorm,
    double ValidationFraction,
    int EarlyStoppingPatience,
    double Dropout,
    int Seed,
    int Threads,
    GateInitialization GateBiases,
    int ChronoMaxTimescale);
