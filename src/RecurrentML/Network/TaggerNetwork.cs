using RecurrentML.Model;
using RecurrentML.Network.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// A sequence tagger's network: word embedding → recurrent layers (an <see cref="EncoderNetwork"/> over the embedded
/// steps, read at every step) → a linear layer giving each token a score per tag → a softmax per token, or a
/// linear-chain CRF over the sentence (<see cref="LinearChainCrf"/>). Dropout (training only) applies to the embedded
/// words and to the recurrent outputs, with masks from the training's generator. Parameter names:
/// <see cref="TaggerWeights"/>.
/// </summary>
internal sealed class TaggerNetwork : nn.Module
{
    // Field names are the parameter names (RegisterComponents), in this order.
    private readonly Embedding words;
    private readonly EncoderNetwork encoder;
    private readonly Linear emissions;
    private readonly LinearChainCrf crf;
    private double _dropout;
    private Generator _dropoutGenerator;

    /// <param name="wordRows">Rows of the word embedding (the unknown word's row 0 and the vocabulary's).</param>
    /// <param name="layers">The recurrent layers' shape: no embedding, input size the word embedding's size.</param>
    /// <param name="tags">Tags to choose from.</param>
    /// <param name="outputLayer">Softmax or CRF.</param>
    /// <param name="generator">Draws the initial weights.</param>
    public TaggerNetwork(int wordRows, NetworkShape layers, int tags, TaggerOutputLayer outputLayer, Generator generator) : base(nameof(TaggerNetwork))
    {
        Layers = layers;
        Tags = tags;
        words = nn.Embedding(wordRows, layers.InputSize, padding_idx: 0);
        encoder = new EncoderNetwork(layers);
        emissions = nn.Linear(layers.EncodingSize, tags);
        if (outputLayer == TaggerOutputLayer.Crf) crf = new LinearChainCrf(tags, generator);
        RegisterComponents();
        encoder.Initialize(generator);
        using var noGrad = no_grad();
        using var normal = randn(words.weight.shape, generator: generator);
        using var scale = (1 / Math.Sqrt(layers.InputSize)).ToScalar(); // held: see UniformInitialization
        words.weight.copy_(normal.mul(scale));
        words.weight[0].zero_();
        double bound = 1 / Math.Sqrt(layers.EncodingSize);
        foreach (var parameter in emissions.parameters()) UniformInitialization.Fill(parameter, bound, generator);
    }

    public NetworkShape Layers { get; }

    public int Tags { get; }

    /// <summary>Dropout applied in training mode to the embedded words and the recurrent outputs.</summary>
    public void SetDropout(double probability, Generator generator)
    {
        _dropout = probability;
        _dropoutGenerator = generator;
        encoder.SetDropoutBetweenLayers(probability, generator);
    }

    /// <summary>Each token's score per tag: [steps, batch, tags], time-major.</summary>
    /// <param name="wordIds">[batch, steps] int64 word ids, 0 for unknown words and padding.</param>
    /// <param name="lengths">[batch] int64 tokens per row (each >= 1), on the CPU.</param>
    public Tensor Emissions(Tensor wordIds, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var steps = Drop(words.call(wordIds.t()));
        var outputs = Drop(encoder.StepOutputs(steps, lengths));
        return emissions.call(outputs).MoveToOuterDisposeScope();
    }

    /// <summary>The mean loss of a batch: per-token cross-entropy over every valid token (softmax), or the mean over
    /// sentences of the CRF's negative log-likelihood.</summary>
    /// <param name="scores">[steps, batch, tags] from <see cref="Emissions"/>.</param>
    /// <param name="tags">[steps, batch] int64 gold tag indices (0-based); padding positions are ignored.</param>
    /// <param name="lengths">[batch] int64.</param>
    public Tensor Loss(Tensor scores, Tensor tags, Tensor lengths)
    {
        if (crf != null) return crf.NegativeLogLikelihood(scores, tags, lengths);
        using var scope = NewDisposeScope();
        var positions = Valid(scores, lengths).reshape(-1).nonzero().squeeze(1);
        var flat = scores.reshape(-1, Tags).index_select(0, positions);
        var gold = tags.to(scores.device).reshape(-1).index_select(0, positions);
        return nn.functional.cross_entropy(flat, gold).MoveToOuterDisposeScope();
    }

    /// <summary>Each row's tags (0-based indices) and each token's probability of every tag, [tokens * tags] row by row:
    /// softmax probabilities and their argmax, or the CRF's Viterbi path and its marginals.</summary>
    public (long[][] Tags, float[][] Probabilities) Predict(Tensor scores, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probabilities = crf != null ? crf.Marginals(scores, lengths) : scores.softmax(2);
        long[][] paths = crf != null ? crf.Decode(scores, lengths) : null;
        // [batch, steps, tags] on the CPU, read row by row.
        var byRow = probabilities.transpose(0, 1).contiguous().cpu();
        var values = byRow.data<float>().ToArray();
        long steps = scores.shape[0], rows = scores.shape[1];
        var lengthsOf = lengths.cpu().data<long>().ToArray();
        var tags = new long[rows][];
        var rowProbabilities = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            int length = (int)lengthsOf[r];
            rowProbabilities[r] = values.AsSpan((int)(r * steps * Tags), length * Tags).ToArray();
            tags[r] = paths?[r] ?? Enumerable.Range(0, length).Select(t => (long)ArgMax(rowProbabilities[r].AsSpan(t * Tags, Tags))).ToArray();
        }
        return (tags, rowProbabilities);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>[steps, batch], true at each row's valid steps.</summary>
    private static Tensor Valid(Tensor scores, Tensor lengths) =>
        arange(scores.shape[0], device: scores.device).unsqueeze(1).lt(lengths.to(scores.device).unsqueeze(0));

    private Tensor Drop(Tensor input) => training && _dropout > 0 ? SeededDropout.Apply(input, _dropout, _dropoutGenerator) : input;
}
