using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>A Single label: regression, one output, mean squared error; metric mean absolute error. NaN is a missing
/// label; an infinite one is an error naming the row.</summary>
internal sealed record SingleLabel : RowLabel
{
    public override int Outputs => 1;
    public override string MetricName => "mean absolute error";
    public override bool HigherMetricIsBetter => false;
    public override string Description => "regression (mean squared error; a Boolean or key label would train a classifier)";

    public override Func<float> ValueGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<float>(column);
        float value = 0;
        return () =>
        {
            getter(ref value);
            if (float.IsInfinity(value))
                throw new InvalidOperationException($"Label column '{column.Name}' has the value {value} in row {row.Position}; expected finite floats or NaN (missing).");
            return value;
        };
    }

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device);

    public override Tensor Loss(Tensor headOutput, Tensor labels) => nn.functional.mse_loss(headOutput.squeeze(1), labels);

    public override double MetricSum(Tensor headOutput, Tensor labels) => headOutput.squeeze(1).sub(labels).abs().sum().item<float>();
}
