using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>What a row of the input column holds.</summary>
internal enum SequenceKind
{
    /// <summary>Vector of keys: one token id per step, fed through an embedding.</summary>
    Tokens,
    /// <summary>Vector of floats: <see cref="SequenceFormat.FeaturesPerStep"/> values per step.</summary>
    Floats,
}

/// <summary>How one input row is read as a sequence: the kind of value, the vocabulary (the key count of the training
/// column; keys above it read as unknown) or step width, and truncation, and for float input the standardisation learned in Fit (null: values are read as they are).</summary>
internal sealed record SequenceFormat(SequenceKind Kind, int VocabularySize, int FeaturesPerStep, int MaxLength, TruncationSide Truncation,
    FeatureStandardization Standardization = null)
{
    /// <summary>Token id of a missing key (key 0) and of keys beyond the training vocabulary; its embedding is zero.</summary>
    public const int UnknownToken = 0;

    /// <summary>Values per step in the padded batch: 1 token id, or the float features.</summary>
    public int StepWidth => Kind == SequenceKind.Tokens ? 1 : FeaturesPerStep;

    /// <summary>Reads the format of a training column, or throws naming the column, the type found and the types expected.</summary>
    public static SequenceFormat FromColumn(string columnName, DataViewType type, int featuresPerStep, int maxLength, TruncationSide truncation)
    {
        if (type is VectorDataViewType vector)
        {
            if (vector.ItemType is KeyDataViewType key && key.RawType == typeof(uint))
            {
                if (key.Count > int.MaxValue - 1)
                    throw new ArgumentOutOfRangeException(nameof(type), $"Input column '{columnName}' has {key.Count} keys; at most {int.MaxValue - 1} are supported.");
                return new SequenceFormat(SequenceKind.Tokens, (int)key.Count, 1, maxLength, truncation);
            }
            if (vector.ItemType == NumberDataViewType.Single)
            {
                if (vector.IsKnownSize && vector.Size % featuresPerStep != 0)
                    throw new ArgumentOutOfRangeException(nameof(type),
                        $"Input column '{columnName}' has fixed size {vector.Size}, which FeaturesPerStep = {featuresPerStep} does not divide; " +
                        "expected a size that is a multiple of FeaturesPerStep.");
                return new SequenceFormat(SequenceKind.Floats, 0, featuresPerStep, maxLength, truncation);
            }
        }
        throw new ArgumentOutOfRangeException(nameof(type),
            $"Input column '{columnName}' has type {type}; expected Vector<Key<UInt32>> (token ids, e.g. from MapValueToKey) or Vector<Single>.");
    }

    /// <summary>Whether a column seen at scoring time can be read with this format.</summary>
    public void CheckScoringColumn(string columnName, DataViewType type)
    {
        var found = FromColumn(columnName, type, FeaturesPerStep, MaxLength, Truncation);
        if (found.Kind != Kind)
            throw new ArgumentOutOfRangeException(nameof(type),
                $"Input column '{columnName}' has type {type}; this encoder was trained on {(Kind == SequenceKind.Tokens ? "Vector<Key<UInt32>>" : "Vector<Single>")}.");
    }
}
