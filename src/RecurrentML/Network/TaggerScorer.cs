using RecurrentML.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Tags sentences with a trained <see cref="TaggerNetwork"/>: no gradients, evaluation mode, one call at a time
/// (torch modules are not safe to call from several threads at once).</summary>
internal sealed class TaggerScorer : IDisposable
{
    private readonly TaggerNetwork _network;
    private readonly Device _device;
    private readonly object _gate = new();

    public TaggerScorer(TaggerNetwork network, Device device)
    {
        _network = network;
        _device = device;
        network.eval();
    }

    /// <summary>A scorer for a model description: its network built on <paramref name="device"/> with its weights.</summary>
    public static TaggerScorer Create(TaggerModel model, Device device)
    {
        using var generator = new Generator(0, CPU);
        var network = new TaggerNetwork(model.Shape, generator);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new TaggerScorer(network, device);
    }

    /// <summary>The 0-based tags of one sentence (at least one token) and each token's probability of every tag,
    /// [tokens * tags].</summary>
    public (long[] Tags, float[] Probabilities) Tag(IdSentence sentence)
    {
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (words, characters, _, lengths) = TaggerBatch.Create(new[] { sentence }, new[] { 0 }, _device);
            var (tags, probabilities) = _network.Predict(_network.Emissions(words, characters, lengths), lengths);
            return (tags[0], probabilities[0]);
        }
    }

    public void Dispose() => _network.Dispose();
}
