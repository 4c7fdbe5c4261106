using RecurrentML.Targets;
using RecurrentML.Data;
using RecurrentML.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// One optimisation step on one batch: forward through the network and head, the label's loss, backward,
/// gradient clipping and an Adam update. The trainer runs it for every batch; the benchmark times it alone, and
/// times its phases (<see cref="Phases"/>) through the observer <see cref="Run"/> takes.
/// </summary>
internal sealed class TrainStep : IDisposable
{
    private readonly EncoderNetwork _network;
    private readonly TrainingHead _head;
    private readonly RowLabel _label;
    private readonly Device _device;
    private readonly double _gradientClipNorm;
    private readonly Parameter[] _parameters;
    private readonly AdamOptimizer _optimizer;
    private readonly Parameter[] _pretrained = Array.Empty<Parameter>();
    private readonly FrozenEmbeddingRows _frozenVectors;

    /// <summary>The phases of a step, in order, as <see cref="Run"/> reports them.</summary>
    public static readonly string[] Phases =
        { "batch to tensors + zero grad", "embedding forward", "recurrent forward + pooling", "head + loss forward", "backward", "clip gradients", "Adam step" };

    public TrainStep(EncoderNetwork network, TrainingHead head, RowLabel label, Device device, TrainingSettings settings)
    {
        _network = network;
        _head = head;
        _label = label;
        _device = device;
        _gradientClipNorm = settings.GradientClipNorm;
        _parameters = network.parameters().Concat(head.parameters()).ToArray();
        _frozenVectors = settings.WordVectors?.Hold(network.EmbeddingWeight);
        if (settings.Pretrained is not { } pretrained)
        {
            _optimizer = new AdamOptimizer(_parameters, settings.LearningRate, settings.WeightDecay);
            return;
        }
        // Discriminative fine-tuning (Howard and Ruder 2018): the pretrained weights form their own group, whose
        // learning rate is the schedule's times the factor.
        var named = network.named_parameters().ToList();
        _pretrained = named.Where(p => pretrained.Holds(p.name)).Select(p => p.parameter).ToArray();
        var rest = named.Where(p => !pretrained.Holds(p.name)).Select(p => p.parameter).Concat(head.parameters()).ToArray();
        _optimizer = new AdamOptimizer(new (IEnumerable<Parameter>, double)[]
        {
            (_pretrained, pretrained.LearningRateFactor),
            (rest, 1.0),
        }, settings.LearningRate, settings.WeightDecay);
    }

    /// <summary>Freezes or unfreezes the pretrained weights (gradual unfreezing: the new head and any weights drawn
    /// fresh learn first, before the pretrained ones move). Frozen weights get no gradient and no update.</summary>
    public void FreezePretrained(bool frozen)
    {
        foreach (var parameter in _pretrained) parameter.requires_grad_(!frozen);
    }

    /// <summary>Holds or frees, for <paramref name="epoch"/>'s steps, the embedding rows pretrained word vectors filled.</summary>
    public void StartEpoch(int epoch) => _frozenVectors?.StartEpoch(epoch);

    /// <summary>Updates the weights on <paramref name="batch"/> and returns the batch's mean loss before the update.
    /// <paramref name="phaseDone"/>, if given, hears the end of each of <see cref="Phases"/> (CPU tensors compute
    /// eagerly, so the wall time between two calls is that phase's). <paramref name="beforeUpdate"/>, if given, hears
    /// the loss and the gradients' norm before clipping, after backward and before the update: when it throws, the
    /// weights stay as they were (so a diverged batch never writes NaN into them).</summary>
    public double Run(PaddedBatch batch, float[] labels, Action<string> phaseDone = null, Action<double, double> beforeUpdate = null)
    {
        using var scope = NewDisposeScope();
        var (input, lengths) = BatchTensors.Create(batch, _device);
        var target = _label.Labels(labels, _device);
        _optimizer.ZeroGrad();
        phaseDone?.Invoke(Phases[0]);
        var embedded = _network.EmbedSteps(input);
        phaseDone?.Invoke(Phases[1]);
        var encoding = _network.EncodeSteps(embedded, lengths).Encoding;
        phaseDone?.Invoke(Phases[2]);
        var loss = _label.Loss(_head.call(encoding), target);
        phaseDone?.Invoke(Phases[3]);
        loss.backward();
        double value = loss.item<float>();
        _frozenVectors?.ZeroGradient();
        phaseDone?.Invoke(Phases[4]);
        double gradientNorm = GradientNorm.ClipAndMeasure(_parameters, _gradientClipNorm);
        phaseDone?.Invoke(Phases[5]);
        beforeUpdate?.Invoke(value, gradientNorm);
        _optimizer.Step();
        _frozenVectors?.Restore();
        phaseDone?.Invoke(Phases[6]);
        return value;
    }

    /// <summary>Sets Adam's learning rate for the steps that follow.</summary>
    public void SetLearningRate(double learningRate) => _optimizer.LearningRate = learningRate;

    public void Dispose()
    {
        _optimizer.Dispose();
        _frozenVectors?.Dispose();
    }
}
