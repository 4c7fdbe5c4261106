using RecurrentML.Model;
using RecurrentML.Network.Characters;
using RecurrentML.Network.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// A sequence tagger's network: each token's word embedding beside its character features (a character CNN, so a word
/// never seen in training still has its spelling) → recurrent layers (an <see cref="EncoderNetwork"/> over those
/// steps, read at every step) → a linear layer giving each token a score per tag → the output layer
/// (<see cref="TagOutput"/>: a softmax per token, or a linear-chain CRF over the sentence). Dropout (training only) applies to the layers'
/// input and to their outputs, with masks from the training's generator. Parameter names: <see cref="TaggerWeights"/>.
/// </summary>
internal sealed class TaggerNetwork : nn.Module
{
    // Field names are the parameter names (RegisterComponents), in this order.
    private readonly Embedding words;
    private readonly CharacterCnn characters;
    private readonly EncoderNetwork encoder;
    private readonly Linear emissions;
    // The output layer's module (only a CRF has one), named so that its weights are crf.*.
    private readonly nn.Module crf;
    private readonly TagOutput _output;
    private double _dropout;
    private Generator _dropoutGenerator;

    /// <param name="shape">The architecture.</param>
    /// <param name="generator">Draws the initial weights.</param>
    public TaggerNetwork(TaggerModelShape shape, Generator generator) : base(nameof(TaggerNetwork))
    {
        Layers = shape.Layers;
        Tags = shape.Tags;
        words = nn.Embedding(shape.WordRows, shape.WordEmbeddingSize, padding_idx: 0);
        if (shape.Characters is { } features)
            characters = new CharacterCnn(features.Alphabet.Count, generator, features.EmbeddingSize, features.Filters, features.Width);
        encoder = new EncoderNetwork(shape.Layers);
        emissions = nn.Linear(shape.Layers.EncodingSize, shape.Tags);
        _output = TagOutput.For(shape.OutputLayer);
        crf = _output.CreateModule(shape.Tags, generator);
        RegisterComponents();
        encoder.Initialize(generator);
        using var noGrad = no_grad();
        using var normal = randn(words.weight.shape, generator: generator);
        using var scale = (1 / Math.Sqrt(shape.WordEmbeddingSize)).ToScalar(); // held: see UniformInitialization
        words.weight.copy_(normal.mul(scale));
        words.weight[0].zero_();
        double bound = 1 / Math.Sqrt(shape.Layers.EncodingSize);
        foreach (var parameter in emissions.parameters()) UniformInitialization.Fill(parameter, bound, generator);
    }

    public NetworkShape Layers { get; }

    /// <summary>The word embedding's weight (row k for word id k), for pretrained word vectors.</summary>
    public Parameter WordEmbedding => words.weight;

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
    /// <param name="characterIds">[batch * steps, characters] int64 character ids of each token, row after row (padding
    /// tokens empty), as <see cref="CharacterCnn.Batch"/> pads them; null without character features.</param>
    /// <param name="lengths">[batch] int64 tokens per row (each >= 1), on the CPU.</param>
    public Tensor Emissions(Tensor wordIds, Tensor characterIds, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var embedded = words.call(wordIds.t());
        if (characters != null)
        {
            var spelled = characters.call(characterIds).reshape(wordIds.shape[0], wordIds.shape[1], -1).transpose(0, 1);
            embedded = cat(new[] { embedded, spelled }, 2);
        }
        var steps = Drop(embedded);
        var outputs = Drop(encoder.StepOutputs(steps, lengths));
        return emissions.call(outputs).MoveToOuterDisposeScope();
    }

    /// <summary>The mean loss of a batch, the output layer's (<see cref="TagOutput.Loss"/>).</summary>
    /// <param name="scores">[steps, batch, tags] from <see cref="Emissions"/>.</param>
    /// <param name="tags">[steps, batch] int64 gold tag indices (0-based); padding positions are ignored.</param>
    /// <param name="lengths">[batch] int64.</param>
    public Tensor Loss(Tensor scores, Tensor tags, Tensor lengths) => _output.Loss(crf, scores, tags, lengths);

    /// <summary>Each row's tags (0-based indices) and each token's probability of every tag, [tokens * tags] row by row,
    /// as the output layer decodes them (<see cref="TagOutput.Decoder"/>) on the CPU.</summary>
    public (long[][] Tags, float[][] Probabilities) Predict(Tensor scores, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // [batch, steps, tags] on the CPU, read row by row.
        var values = scores.transpose(0, 1).contiguous().cpu().data<float>().ToArray();
        long steps = scores.shape[0], rows = scores.shape[1];
        var lengthsOf = lengths.cpu().data<long>().ToArray();
        var decode = _output.Decoder(_output.ModuleWeights(crf), Tags);
        var tags = new long[rows][];
        var rowProbabilities = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            int length = (int)lengthsOf[r];
            var path = new int[length];
            rowProbabilities[r] = new float[length * Tags];
            decode(values.AsSpan((int)(r * steps * Tags), length * Tags), path, rowProbabilities[r]);
            tags[r] = Array.ConvertAll(path, t => (long)t);
        }
        return (tags, rowProbabilities);
    }

    private Tensor Drop(Tensor input) => training && _dropout > 0 ? SeededDropout.Apply(input, _dropout, _dropoutGenerator) : input;
}
