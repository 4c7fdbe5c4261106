using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Single labels: one output, mean squared error; metric mean absolute error.</summary>
internal sealed class MeanSquaredErrorObjective : TrainingObjective
{
    public override int Outputs => 1;
    public override string MetricName => "mean absolute error";
    public override string Description => "regression (mean squared error; a Boolean or key label would train a classifier)";
    public override bool HigherMetricIsBetter => false;

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device);

    public override Tensor Loss(Tensor headOutput, Tensor labels) => nn.functional.mse_loss(headOutput.squeeze(1), labels);

    public override double MetricSum(Tensor headOutput, Tensor labels) => headOutput.squeeze(1).sub(labels).abs().sum().item<float>();
}
