using RecurrentML.Data;

namespace RecurrentML.Model;

/// <summary>What a row of the input column holds, as the model description saves it; the behaviour of each kind is
/// its type's (Inputs/InputKind.cs).</summary>
internal enum SequenceKind
{
    /// <summary>Vector of keys: one token id per step, fed through an embedding.</summary>
    Tokens,
    /// <summary>Vector of floats: <see cref="SequenceFormat.FeaturesPerStep"/> values per step.</summary>
    Floats,
}

/// <summary>How one input row is read as a sequence: the kind of value, the vocabulary (the key count of the training
/// column; keys above it read as unknown), the values per step (1 for tokens), truncation, and for float input the
/// standardisation learned in Fit (null: values are read as they are).</summary>
internal sealed record SequenceFormat(SequenceKind Kind, int VocabularySize, int FeaturesPerStep, int MaxLength, TruncationSide Truncation,
    FeatureStandardization Standardization = null)
{
    /// <summary>Token id of a missing key (key 0) and of keys beyond the training vocabulary; its embedding is zero.</summary>
    public const int UnknownToken = 0;
}
