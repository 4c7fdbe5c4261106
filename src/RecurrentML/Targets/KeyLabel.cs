using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Data;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>A key label: multiclass classification over the key's <paramref name="ClassCount"/> values, one logit per
/// class, cross-entropy; metric accuracy of the arg-max class. Key 0 is a missing label.</summary>
internal sealed record KeyLabel(int ClassCount) : RowLabel
{
    public override int Outputs => ClassCount;
    public override string MetricName => "accuracy";
    public override bool HigherMetricIsBetter => true;
    public override string Description => $"multiclass classification over {ClassCount} classes (cross-entropy)";

    public override Func<float> ValueGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<uint>(column);
        uint value = 0;
        return () => { getter(ref value); return value == 0 ? float.NaN : value - 1; };
    }

    public override void CheckTrainingLabels(IReadOnlyList<float> labels, DataViewSchema.Column column)
    {
        if (SingleClass(labels) is int found)
            throw new InvalidOperationException(
                $"Label column '{column.Name}' has one class, '{TokenRows.Vocabulary(column, ClassCount)[found]}' (key {found + 1} of {ClassCount}), " +
                $"in all {labels.Count} training rows; multiclass classification needs rows of at least 2 classes.");
    }

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device).to(ScalarType.Int64);

    public override Tensor Loss(Tensor headOutput, Tensor labels) => nn.functional.cross_entropy(headOutput, labels);

    public override double MetricSum(Tensor headOutput, Tensor labels) => headOutput.argmax(1).eq(labels).sum().item<long>();
}
