namespace RecurrentML;

/// <summary>
/// Options of a recurrent language model (<c>mlContext.Transforms.LstmLanguageModel</c>, <c>GruLanguageModel</c>,
/// <c>RnnLanguageModel</c>): it trains on a column of token keys with no label, to predict each next token. Where a
/// default differs from the encoders' (<see cref="RecurrentTrainingOptions"/>), the constructor sets it and this class
/// says so: <see cref="RecurrentTrainingOptions.HiddenSize"/> and <see cref="RecurrentTrainingOptions.EmbeddingSize"/>
/// 256, <see cref="RecurrentTrainingOptions.LearningRate"/> 3e-3, <see cref="RecurrentTrainingOptions.GradientClipNorm"/>
/// 0.5, <see cref="RecurrentTrainingOptions.MinTrainingSteps"/> 300.
/// </summary>
public sealed class LanguageModelOptions : RecurrentTrainingOptions
{
    /// <summary>Options with every default (see the class summary for those that differ from the encoders').</summary>
    public LanguageModelOptions()
    {
        HiddenSize = 256;
        EmbeddingSize = 256;
        LearningRate = 3e-3;
        GradientClipNorm = 0.5;
        MinTrainingSteps = 300;
    }

    /// <summary>The recurrent cell. Default <see cref="RecurrentML.RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell = RecurrentCell.Lstm;

    /// <summary>Name of the column <c>Transform</c> adds: the text generated after each row's prompt (the input column
    /// read as the prompt), tokens joined by <see cref="TokenSeparator"/>. Default <c>"Generated"</c>.</summary>
    public string OutputColumnName = "Generated";

    /// <summary>Name of the token column: a vector of keys (as produced by <c>MapValueToKey</c>), one row per text
    /// (a paragraph, say); the model reads the rows in order, each followed by an end of row. Default <c>"Tokens"</c>.</summary>
    public string InputColumnName = "Tokens";

    /// <summary>Whether the output layer shares the embedding's weights (Press and Wolf 2017): fewer weights and a
    /// lower perplexity on small text; needs <see cref="RecurrentTrainingOptions.HiddenSize"/> equal to
    /// <see cref="RecurrentTrainingOptions.EmbeddingSize"/>. Default true.</summary>
    public bool TieEmbeddings = true;

    /// <summary>Steps backpropagation goes back through: the text is read in chunks of this many tokens, the state
    /// carried from chunk to chunk but not the gradients. Default 64.</summary>
    public int ChunkLength = 64;

    /// <summary>For the plain RNN, its nonlinearity. Default <see cref="RnnNonlinearity.Tanh"/>.</summary>
    public RnnNonlinearity Nonlinearity = RnnNonlinearity.Tanh;

    /// <summary>What the generated text column's rows get: length, sampling, seed, stop tokens.</summary>
    public GenerationOptions Generation = new();

    /// <summary>Text put between generated tokens in the output column and <see cref="LanguageModelTransformer.Generate"/>.
    /// Default one space (word tokens); use "" for subword tokens that carry their own spaces.</summary>
    public string TokenSeparator = " ";

    /// <summary>A copy (the generation options copied too).</summary>
    public LanguageModelOptions Clone()
    {
        var copy = (LanguageModelOptions)MemberwiseClone();
        copy.Generation = Generation?.Clone();
        return copy;
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Cell)) throw Invalid(nameof(Cell), Cell, $"one of {string.Join(", ", Enum.GetNames<RecurrentCell>())}");
        RequireName(OutputColumnName, nameof(OutputColumnName));
        RequireName(InputColumnName, nameof(InputColumnName));
        if (OutputColumnName == InputColumnName)
            throw new ArgumentException($"OutputColumnName and InputColumnName are both '{InputColumnName}'; the generated text needs its own column.", nameof(OutputColumnName));
        RequireRange(ChunkLength, 1, 1 << 16, nameof(ChunkLength));
        if (!Enum.IsDefined(Nonlinearity)) throw Invalid(nameof(Nonlinearity), Nonlinearity, "one of Tanh, Relu");
        if (TieEmbeddings && HiddenSize != EmbeddingSize)
            throw new ArgumentException(
                $"TieEmbeddings is true but HiddenSize is {HiddenSize} and EmbeddingSize is {EmbeddingSize}; tied output weights are the embedding, " +
                "so the two sizes must be equal (or set TieEmbeddings = false).", nameof(TieEmbeddings));
        if (Generation == null) throw new ArgumentNullException(nameof(Generation), "Generation is null; expected generation options.");
        Generation.Validate();
        if (TokenSeparator == null) throw new ArgumentNullException(nameof(TokenSeparator), "TokenSeparator is null; expected a string (\"\" joins tokens directly).");
    }
}
