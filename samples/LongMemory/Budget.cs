namespace LongMemory;

/// <summary>The same budget for every cell, task and length.</summary>
internal static class Budget
{
    // recipe:start
    public const int TrainingRows = 3000, Epochs = 8, TestRows = 1000, ProbeRows = 128;
    public const int Embedding = 16, Hidden = 64, BatchSize = 64, Seed = 1;
    public const double LearningRate = 1e-2;
    // recipe:end
}
