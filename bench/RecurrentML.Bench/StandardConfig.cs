namespace RecurrentML.Bench;

/// <summary>The standard configuration: vocabulary 20,000, embedding 64, hidden 128, batch 64, length 100.</summary>
internal static class StandardConfig
{
    public const int Vocabulary = 20_000;
    public const int Embedding = 64;
    public const int Hidden = 128;
    public const int Batch = 64;
    public const int Length = 100;
    public const int TokensPerBatch = Batch * Length;
}
