using RecurrentML.Interop;
using RecurrentML.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Tags sentences with a trained <see cref="TaggerNetwork"/>: no gradients, evaluation mode, one batch at a time
/// (torch modules are not safe to call from several threads at once). Many sentences go through the network together in
/// batches of sentences of the same length: such a batch has no padding, so it runs on the same dense recurrent kernel
/// as one sentence alone (a padded bidirectional batch would take torch's slower packed path), and a sentence's tags
/// and scores do not depend on the sentences beside it.</summary>
internal sealed class TaggerScorer : IDisposable
{
    /// <summary>Sentences per forward pass at most, and tokens per pass at most (so long sentences go in smaller
    /// batches and a pass's tensors stay a few megabytes).</summary>
    internal const int MaxBatchSentences = 256, MaxBatchTokens = 8192;

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

    /// <summary>The 0-based tags of each sentence and each token's probability of every tag, [tokens * tags], in the
    /// order given; a sentence of no tokens gets empty arrays.</summary>
    public (long[] Tags, float[] Probabilities)[] Tag(IReadOnlyList<IdSentence> sentences)
    {
        var tagged = new (long[] Tags, float[] Probabilities)[sentences.Count];
        Array.Fill(tagged, (Array.Empty<long>(), Array.Empty<float>()));
        foreach (int[] batch in Batches(sentences))
        {
            var (tags, probabilities) = TagBatch(sentences, batch);
            for (int i = 0; i < batch.Length; i++) tagged[batch[i]] = (tags[i], probabilities[i]);
        }
        return tagged;
    }

    /// <summary>The non-empty sentences in batches of one length each, shortest first.</summary>
    private static IEnumerable<int[]> Batches(IReadOnlyList<IdSentence> sentences) =>
        Enumerable.Range(0, sentences.Count).Where(i => sentences[i].Words.Length > 0).GroupBy(i => sentences[i].Words.Length).OrderBy(g => g.Key)
            .SelectMany(group => group.Chunk(Math.Clamp(MaxBatchTokens / group.Key, 1, MaxBatchSentences)));

    private (long[][] Tags, float[][] Probabilities) TagBatch(IReadOnlyList<IdSentence> sentences, int[] batch)
    {
        lock (_gate)
        {
            using var flushDenormals = DenormalFlushScope.Enter();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (words, characters, _, lengths) = TaggerBatch.Create(sentences, batch, _device);
            return _network.Predict(_network.Emissions(words, characters, lengths), lengths);
        }
    }

    public void Dispose() => _network.Dispose();
}
