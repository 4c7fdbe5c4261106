using RecurrentML.Data;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>The loss the encoder is trained with and the validation metric reported beside it, chosen from the
/// label's type. The head that turns an encoding into predictions has <see cref="Outputs"/> units.</summary>
internal abstract class TrainingObjective
{
    public abstract int Outputs { get; }
    public abstract string MetricName { get; }

    /// <summary>What the label makes the training, for the log: the task and its loss.</summary>
    public abstract string Description { get; }

    /// <summary>Whether a higher metric is better (accuracy) or a lower one (an error).</summary>
    public virtual bool HigherMetricIsBetter => true;

    /// <summary>Labels of a batch as the tensor <see cref="Loss"/> expects.</summary>
    public abstract Tensor Labels(float[] labels, Device device);

    /// <summary>Mean loss of a batch.</summary>
    public abstract Tensor Loss(Tensor headOutput, Tensor labels);

    /// <summary>Sum over the batch's rows of the per-row metric (1 per correct row, or the absolute error).</summary>
    public abstract double MetricSum(Tensor headOutput, Tensor labels);

    public static TrainingObjective For(LabelFormat label) => label.Kind switch
    {
        LabelKind.Boolean => new BinaryCrossEntropyObjective(),
        LabelKind.Key => new MulticlassCrossEntropyObjective(label.ClassCount),
        _ => new MeanSquaredErrorObjective(),
    };
}
