using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>A Boolean label: binary classification, one logit, binary cross-entropy; metric accuracy at probability 0.5.</summary>
internal sealed record BooleanLabel : RowLabel
{
    public override int Outputs => 1;
    public override string MetricName => "accuracy";
    public override bool HigherMetricIsBetter => true;
    public override string Description => "binary classification (binary cross-entropy)";

    public override Func<float> ValueGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<bool>(column);
        bool value = false;
        return () => { getter(ref value); return value ? 1f : 0f; };
    }

    public override void CheckTrainingLabels(IReadOnlyList<float> labels, DataViewSchema.Column column)
    {
        if (SingleClass(labels) is int found)
            throw new InvalidOperationException(
                $"Label column '{column.Name}' has the value {found == 1} in all {labels.Count} training rows; binary classification needs rows of both True and False.");
    }

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device);

    public override Tensor Loss(Tensor headOutput, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(headOutput.squeeze(1), labels);

    public override double MetricSum(Tensor headOutput, Tensor labels)
    {
        using var zero = 0f.ToScalar(); // held: see UniformInitialization
        return headOutput.squeeze(1).gt(zero).to(ScalarType.Float32).eq(labels).sum().item<long>();
    }
}
