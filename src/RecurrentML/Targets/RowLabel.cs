using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>
/// One label per row, which the encoder's training head predicts from the row's encoding. The label column's type
/// chooses the kind (<see cref="FromColumn"/>); the kind owns how a label is read, which rows are missing, the check
/// that classes differ, the head's output count, the loss and the metric. The head is saved as the encoder's
/// <see cref="Model.ScoreLayer"/> whatever the kind (a linear layer of <see cref="Outputs"/> units), so the kind itself
/// is not stored and adds no ONNX nodes of its own: the score column is that layer's raw outputs.
/// </summary>
internal abstract record RowLabel : Target
{
    /// <summary>Units of the training head: the scores per row.</summary>
    public abstract int Outputs { get; }

    /// <summary>The kind a label column of <paramref name="type"/> trains for, or an exception naming the column, the
    /// type found and the types expected.</summary>
    public static RowLabel FromColumn(string columnName, DataViewType type)
    {
        if (type == BooleanDataViewType.Instance) return new BooleanLabel();
        if (type == NumberDataViewType.Single) return new SingleLabel();
        if (type is KeyDataViewType key && key.RawType == typeof(uint))
        {
            if (key.Count < 2 || key.Count > 1_000_000)
                throw new ArgumentOutOfRangeException(nameof(type), $"Label column '{columnName}' has {key.Count} classes; expected 2 to 1,000,000.");
            return new KeyLabel((int)key.Count);
        }
        throw new ArgumentOutOfRangeException(nameof(type),
            $"Label column '{columnName}' has type {type}; expected Boolean (binary), Key<UInt32> (multiclass, e.g. from MapValueToKey) or Single (regression).");
    }

    /// <summary>Reads the current row's label as a float: 0/1, class index 0..K-1 or the target value; NaN when the
    /// label is missing (the row is skipped).</summary>
    public abstract Func<float> ValueGetter(DataViewRow row, DataViewSchema.Column column);

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the column when the training rows'
    /// <paramref name="labels"/> (as <see cref="ValueGetter"/> reads them) cannot train this kind; regression takes any.</summary>
    public virtual void CheckTrainingLabels(IReadOnlyList<float> labels, DataViewSchema.Column column) { }

    /// <summary>Labels of a batch as the tensor <see cref="Loss"/> expects.</summary>
    public abstract Tensor Labels(float[] labels, Device device);

    /// <summary>Mean loss of a batch of head outputs [rows, <see cref="Outputs"/>].</summary>
    public abstract Tensor Loss(Tensor headOutput, Tensor labels);

    /// <summary>Sum over the batch's rows of the per-row metric (1 per correct row, or the absolute error).</summary>
    public abstract double MetricSum(Tensor headOutput, Tensor labels);

    /// <summary>A classification label needs rows of two classes at least. With one, the loss is minimised by the head's
    /// bias alone, so the encoder would learn nothing from the label and hand on an encoding of its initial weights
    /// without a word; like ML.NET's trainers that look at their labels (FastTree: "Only one class in training set."),
    /// this is an error. Returns the one class found, or null when there are two.</summary>
    protected static int? SingleClass(IReadOnlyList<float> labels)
    {
        var classes = labels.Distinct().Take(2).ToList();
        return classes.Count == 1 ? (int)classes[0] : null;
    }
}
