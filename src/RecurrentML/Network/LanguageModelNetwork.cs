using RecurrentML.Model;
using RecurrentML.Network.Cells;
using RecurrentML.Network.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// Embedding → stacked single-layer LSTM, GRU or RNN modules → a linear layer over the token ids at every step. With
/// tied embeddings the output layer's weights are the embedding's (Press and Wolf 2017; Inan et al. 2017), which needs
/// the last layer's hidden size to equal the embedding size. The recurrent state goes in and comes out of every call,
/// so a long text is read in chunks (truncated backpropagation through time) and generation feeds one token at a time
/// without re-reading the prompt. The embedding and layers have an encoder's names
/// (<see cref="NetworkWeights.Expected(NetworkShape)"/>), so an encoder can start from them. Dropout (training only) applies to the
/// embedded input, between layers and to the last layer's outputs, with masks from the training's generator.
/// </summary>
internal sealed class LanguageModelNetwork : nn.Module
{
    /// <summary>Bound of the uniform initial embedding and output weights, as in PyTorch's word language model example.</summary>
    public const double EmbeddingInitBound = 0.1;

    private readonly Embedding embedding;
    private readonly ModuleList<nn.Module> layers;
    private readonly Parameter decoder_weight;
    private readonly Parameter decoder_bias;
    private readonly LanguageModelShape _shape;
    private readonly CellType _cell;
    private readonly LstmKernelGuard _lstmKernels;
    private double _dropout;
    private Generator _dropoutGenerator;

    public LanguageModelNetwork(LanguageModelShape shape, LstmKernelGuard lstmKernels = null) : base(nameof(LanguageModelNetwork))
    {
        _shape = shape;
        var layersShape = shape.Layers;
        _cell = CellType.For(layersShape.Cell);
        _lstmKernels = lstmKernels ?? LstmKernelGuard.Process;
        embedding = nn.Embedding(layersShape.EmbeddingRows, layersShape.InputSize);
        layers = new ModuleList<nn.Module>(Enumerable.Range(0, layersShape.NumberOfLayers)
            .Select(i => _cell.CreateLayer(LayerInputSize(i), layersShape)).ToArray());
        if (!shape.TiedEmbeddings) decoder_weight = new Parameter(zeros(shape.Outputs, layersShape.HiddenSize));
        decoder_bias = new Parameter(zeros(shape.Outputs));
        RegisterComponents();
    }

    public LanguageModelShape Shape => _shape;

    /// <summary>Where the first choice of an LSTM kernel for a layer shape is reported.</summary>
    public Action<string> Log { get; set; }

    /// <summary>The embedding's weight (row k for token id k), for pretrained word vectors.</summary>
    public Parameter Embedding => embedding.weight;

    /// <summary>Draws every weight from <paramref name="generator"/>: embedding and output weights uniform in
    /// ±<see cref="EmbeddingInitBound"/>, output biases zero, recurrent weights uniform in ±1/√hidden (torch's default)
    /// with the gate biases as <paramref name="gates"/> says.</summary>
    public void Initialize(Generator generator, GateInitialization gates, int chronoMaxTimescale)
    {
        using var noGrad = no_grad();
        UniformInitialization.Fill(embedding.weight, EmbeddingInitBound, generator);
        if (decoder_weight is not null) UniformInitialization.Fill(decoder_weight, EmbeddingInitBound, generator);
        decoder_bias.zero_();
        double bound = 1 / Math.Sqrt(_shape.Layers.HiddenSize);
        foreach (var layer in layers)
        {
            foreach (var parameter in layer.parameters()) UniformInitialization.Fill(parameter, bound, generator);
            _cell.InitializeGateBiases(layer, _shape.Layers.HiddenSize, gates, chronoMaxTimescale, generator);
        }
    }

    /// <summary>Dropout applied in training mode (see the class summary).</summary>
    public void SetDropout(double probability, Generator generator)
    {
        _dropout = probability;
        _dropoutGenerator = generator;
    }

    /// <summary>Reads <paramref name="tokens"/> [steps, batch] (int64 ids, time-major) from <paramref name="start"/>
    /// (one state per layer; null for zeros).</summary>
    /// <returns>Logits [steps, batch, outputs] of the next token after each step, and each layer's state after the last step.</returns>
    public (Tensor Logits, LayerState[] State) Read(Tensor tokens, LayerState[] start)
    {
        var (outputs, state) = ReadOutputs(tokens, start);
        return (Logits(outputs), state);
    }

    /// <summary>Like <see cref="Read"/>, up to the last layer's outputs [steps, batch, hidden] (after dropout), which
    /// <see cref="Logits"/> turns into logits: a caller can then compute the output layer a few steps at a time.</summary>
    public (Tensor Outputs, LayerState[] State) ReadOutputs(Tensor tokens, LayerState[] start)
    {
        var steps = DropOut(embedding.call(tokens));
        var state = new LayerState[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0) steps = DropOut(steps);
            int index = i;
            var input = steps;
            (steps, state[i]) = _cell.RunFrom(layers[i], input, start?[i], () => _lstmKernels.Choose(
                new LstmLayerShape(LayerInputSize(index), _shape.Layers.HiddenSize, false), is_grad_enabled(),
                new LstmCallSize(input.shape[0], input.shape[1]), Log));
        }
        return (DropOut(steps), state);
    }

    /// <summary>The output layer: logits over the ids for last-layer outputs [..., hidden].</summary>
    public Tensor Logits(Tensor outputs) => nn.functional.linear(outputs, decoder_weight ?? embedding.weight, decoder_bias);

    private Tensor DropOut(Tensor steps) => training && _dropout > 0 ? SeededDropout.Apply(steps, _dropout, _dropoutGenerator) : steps;

    private int LayerInputSize(int index) => index == 0 ? _shape.Layers.InputSize : _shape.Layers.HiddenSize;
}
