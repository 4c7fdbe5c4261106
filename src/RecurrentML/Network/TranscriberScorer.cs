using RecurrentML.Model;
using RecurrentML.Network.Heads;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Transcribes rows with a trained <see cref="TranscriberNetwork"/>: no gradients, evaluation mode, one row per
/// network call (a row alone has no padding, so it runs on the dense recurrent kernel and its transcript does not depend
/// on other rows), one call at a time (torch modules are not safe to call from several threads at once).</summary>
internal sealed class TranscriberScorer : IDisposable
{
    private readonly TranscriberNetwork _network;
    private readonly Device _device;
    private readonly int _classes;
    private readonly object _gate = new();

    public TranscriberScorer(TranscriberNetwork network, int classes, Device device)
    {
        _network = network;
        _classes = classes;
        _device = device;
        network.eval();
    }

    /// <summary>A scorer for a model description: its network built on <paramref name="device"/> with its weights.</summary>
    public static TranscriberScorer Create(TranscriberModel model, Device device)
    {
        using var generator = new Generator(0, CPU);
        var network = new TranscriberNetwork(model.Layers, model.Classes, generator);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new TranscriberScorer(network, model.Classes, device);
    }

    /// <summary>Each step's log-probability of every class, [steps * classes] step after step, for standardised
    /// <paramref name="steps"/>; empty for no steps.</summary>
    public float[] LogProbabilities(float[] steps)
    {
        int featuresPerStep = _network.Layers.InputSize;
        if (steps.Length == 0) return [];
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (input, lengths) = TranscriberBatch.Steps([steps], [0], featuresPerStep, _device);
            return _network.LogProbabilities(input, lengths).cpu().data<float>().ToArray();
        }
    }

    /// <summary>The classes (1-based symbols) of the most probable transcript of <paramref name="logProbabilities"/>:
    /// prefix beam search, or greedy for a beam of 1.</summary>
    public int[] Decode(ReadOnlySpan<float> logProbabilities, int beamWidth) => beamWidth == 1
        ? CtcDecoding.Greedy(logProbabilities, _classes)
        : CtcDecoding.PrefixBeam(logProbabilities, _classes, beamWidth);

    public void Dispose() => _network.Dispose();
}
