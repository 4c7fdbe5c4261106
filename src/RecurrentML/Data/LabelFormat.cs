using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>The kind of label, which decides the training objective.</summary>
internal enum LabelKind
{
    /// <summary>Boolean: binary classification.</summary>
    Boolean,
    /// <summary>Key: multiclass classification over the key's values.</summary>
    Key,
    /// <summary>Single: regression.</summary>
    Single,
}

/// <summary>The label column's kind and, for keys, the number of classes.</summary>
internal sealed record LabelFormat(LabelKind Kind, int ClassCount)
{
    public static LabelFormat FromColumn(string columnName, DataViewType type)
    {
        if (type == BooleanDataViewType.Instance) return new LabelFormat(LabelKind.Boolean, 2);
        if (type == NumberDataViewType.Single) return new LabelFormat(LabelKind.Single, 0);
        if (type is KeyDataViewType key && key.RawType == typeof(uint))
        {
            if (key.Count < 2 || key.Count > 1_000_000)
                throw new ArgumentOutOfRangeException(nameof(type), $"Label column '{columnName}' has {key.Count} classes; expected 2 to 1,000,000.");
            return new LabelFormat(LabelKind.Key, (int)key.Count);
        }
        throw new ArgumentOutOfRangeException(nameof(type),
            $"Label column '{columnName}' has type {type}; expected Boolean (binary), Key<UInt32> (multiclass, e.g. from MapValueToKey) or Single (regression).");
    }
}
