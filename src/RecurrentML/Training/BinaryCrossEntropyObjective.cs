using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Boolean labels: one logit, binary cross-entropy; metric accuracy at probability 0.5.</summary>
internal sealed class BinaryCrossEntropyObjective : TrainingObjective
{
    public override int Outputs => 1;
    public override string MetricName => "accuracy";
    public override string Description => "binary classification (binary cross-entropy)";

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device);

    public override Tensor Loss(Tensor headOutput, Tensor labels) =>
        nn.functional.binary_cross_entropy_with_logits(headOutput.squeeze(1), labels);

    public override double MetricSum(Tensor headOutput, Tensor labels)
    {
        using var zero = 0f.ToScalar(); // held: see UniformInitialization
        return headOutput.squeeze(1).gt(zero).to(ScalarType.Float32).eq(labels).sum().item<long>();
    }
}
