using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Key labels: one logit per class, cross-entropy; metric accuracy of the arg-max class.</summary>
internal sealed class MulticlassCrossEntropyObjective : TrainingObjective
{
    public MulticlassCrossEntropyObjective(int classes) => Outputs = classes;

    public override int Outputs { get; }
    public override string MetricName => "accuracy";
    public override string Description => $"multiclass classification over {Outputs} classes (cross-entropy)";

    public override Tensor Labels(float[] labels, Device device) => tensor(labels, device: device).to(ScalarType.Int64);

    public override Tensor Loss(Tensor headOutput, Tensor labels) => nn.functional.cross_entropy(headOutput, labels);

    public override double MetricSum(Tensor headOutput, Tensor labels) => headOutput.argmax(1).eq(labels).sum().item<long>();
}
