using RecurrentML.Data;
using RecurrentML.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// One optimisation step on one batch: forward through the network and head, the objective's loss, backward,
/// gradient clipping and an Adam update. The trainer runs it for every batch; the benchmark times it alone.
/// </summary>
internal sealed class TrainStep : IDisposable
{
    private readonly EncoderNetwork _network;
    private readonly TrainingHead _head;
    private readonly TrainingObjective _objective;
    private readonly Device _device;
    private readonly double _gradientClipNorm;
    private readonly Parameter[] _parameters;
    private readonly optim.Optimizer _optimizer;

    public TrainStep(EncoderNetwork network, TrainingHead head, TrainingObjective objective, Device device,
        double learningRate, double weightDecay, double gradientClipNorm)
    {
        _network = network;
        _head = head;
        _objective = objective;
        _device = device;
        _gradientClipNorm = gradientClipNorm;
        _parameters = network.parameters().Concat(head.parameters()).ToArray();
        _optimizer = optim.Adam(_parameters, learningRate, weight_decay: weightDecay);
    }

    /// <summary>Updates the weights on <paramref name="batch"/> and returns the batch's mean loss before the update.
    /// The caller decides what a non-finite loss means; the update has been applied either way.</summary>
    public double Run(PaddedBatch batch, float[] labels)
    {
        using var scope = NewDisposeScope();
        var (input, lengths) = BatchTensors.Create(batch, _device);
        var target = _objective.Labels(labels, _device);
        _optimizer.zero_grad();
        var loss = _objective.Loss(_head.call(_network.call(input, lengths)), target);
        loss.backward();
        if (_gradientClipNorm > 0) nn.utils.clip_grad_norm_(_parameters, _gradientClipNorm);
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose() => _optimizer.Dispose();
}
