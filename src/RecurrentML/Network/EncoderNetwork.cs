using RecurrentML.Data;
using RecurrentML.Model;
using RecurrentML.Network.Cells;
using RecurrentML.Network.Kernels;
using RecurrentML.Network.Pooling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network;

/// <summary>
/// Embedding (token input) → stacked single-layer LSTM, GRU or RNN modules → pooling over each row's valid steps
/// (a <see cref="PoolingMethod"/>, whose learned weights, if any, are the <c>pooling.*</c> parameters).
/// Padding never reaches a row's valid steps (forward-only layers read it only after them; bidirectional layers get
/// packed sequences), so a row's encoding does not depend on the batch it is scored in. Layers are separate modules so
/// that the dropout between them, and the initial weights, come from the training's own generator rather than torch's
/// process-wide one. A dense LSTM layer call runs on the kernel an <see cref="LstmKernelGuard"/> verified for its shape.
/// </summary>
internal sealed class EncoderNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<nn.Module> layers;
    // Declared after the layers: parameters are saved in registration order (NetworkWeights.Expected).
    private readonly nn.Module pooling;
    private readonly NetworkShape _shape;
    private readonly CellType _cell;
    private readonly PoolingMethod _pooling;
    private readonly LstmKernelGuard _lstmKernels;
    private double _dropoutBetweenLayers;
    private Generator _dropoutGenerator;

    /// <param name="shape">The architecture.</param>
    /// <param name="lstmKernels">Chooses the kernel of dense LSTM layer calls; the process's guard when null.</param>
    public EncoderNetwork(NetworkShape shape, LstmKernelGuard lstmKernels = null) : base(nameof(EncoderNetwork))
    {
        _shape = shape;
        _cell = CellType.For(shape.Cell);
        _lstmKernels = lstmKernels ?? LstmKernelGuard.Process;
        if (shape.UsesEmbedding)
            embedding = nn.Embedding(shape.EmbeddingRows, shape.InputSize, padding_idx: SequenceFormat.UnknownToken);
        layers = new ModuleList<nn.Module>(Enumerable.Range(0, shape.NumberOfLayers).Select(CreateLayer).ToArray());
        _pooling = PoolingMethod.For(shape.Pooling);
        pooling = _pooling.CreateModule(shape.EncodingSize);
        RegisterComponents();
    }

    public NetworkShape Shape => _shape;

    /// <summary>Where the first choice of an LSTM kernel for a layer shape is reported (the owner's MLContext log).</summary>
    public Action<string> Log { get; set; }

    /// <summary>Draws every weight from <paramref name="generator"/>: recurrent weights and biases uniform in
    /// ±1/√hidden (torch's default), embedding rows standard normal with the unknown token's row zero, then the LSTM
    /// and GRU gate biases as the given <see cref="GateInitialization"/> says (chronoMaxTimescale is chrono's T), and
    /// pooling weights uniform in ±1/√encoding.</summary>
    public void Initialize(Generator generator, GateInitialization gates = GateInitialization.Uniform, int chronoMaxTimescale = 0)
    {
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(_shape.HiddenSize);
        foreach (var layer in layers)
        {
            foreach (var parameter in layer.parameters()) UniformInitialization.Fill(parameter, bound, generator);
            _cell.InitializeGateBiases(layer, _shape.HiddenSize, gates, chronoMaxTimescale, generator);
        }
        if (pooling != null)
        {
            double poolingBound = 1 / Math.Sqrt(_shape.EncodingSize);
            foreach (var parameter in pooling.parameters()) UniformInitialization.Fill(parameter, poolingBound, generator);
        }
        if (embedding == null) return;
        using var normal = randn(embedding.weight.shape, generator: generator);
        embedding.weight.copy_(normal);
        embedding.weight[SequenceFormat.UnknownToken].zero_();
    }

    /// <summary>The embedding's weight (token input only), for training that holds some of its rows.</summary>
    public Parameter EmbeddingWeight => embedding?.weight ?? throw new InvalidOperationException("This network reads float steps; it has no embedding.");

    /// <summary>Dropout applied, in training mode, to the input of every layer after the first.</summary>
    public void SetDropoutBetweenLayers(double probability, Generator generator)
    {
        _dropoutBetweenLayers = probability;
        _dropoutGenerator = generator;
    }

    /// <summary>Encodes a padded batch.</summary>
    /// <param name="input">[batch, steps] int64 token ids, or [batch, steps, features] float32.</param>
    /// <param name="lengths">[batch] int64 valid steps per row (each >= 1), on the CPU.</param>
    /// <returns>[batch, EncodingSize] float32.</returns>
    public override Tensor forward(Tensor input, Tensor lengths) => Encode(input, lengths).Encoding;

    /// <summary>Encodes a padded batch, with each row's step weights where the pooling method has them.</summary>
    public PooledSteps Encode(Tensor input, Tensor lengths) => EncodeSteps(EmbedSteps(input), lengths);

    /// <summary>What the first recurrent layer reads at each step, time-major: [steps, batch, InputSize]. The layers
    /// run time-major because torch's recurrent kernels do (batch-first input costs a transpose per layer).</summary>
    public Tensor EmbedSteps(Tensor input) => _shape.UsesEmbedding ? embedding.call(input.t()) : input.transpose(0, 1);

    /// <summary>Runs the recurrent layers and pooling over steps from <see cref="EmbedSteps"/>.</summary>
    public PooledSteps EncodeSteps(Tensor steps, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var pooled = _pooling.Pool(Run(steps, lengths), pooling);
        return new PooledSteps(pooled.Encoding.MoveToOuterDisposeScope(), pooled.StepWeights?.MoveToOuterDisposeScope());
    }

    /// <summary>The last layer's output at every step, for heads that read each step (a tagger): [steps, batch,
    /// EncodingSize], time-major; what a row's padding steps hold is to be ignored.</summary>
    public Tensor StepOutputs(Tensor steps, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        return Run(steps, lengths).Outputs.MoveToOuterDisposeScope();
    }

    private PoolingInput Run(Tensor steps, Tensor lengths)
    {
        bool padded = lengths.min().item<long>() < steps.shape[0];
        return padded && !PaddingIsHarmless ? RunPacked(steps, lengths) : RunDense(steps, padded ? lengths : null);
    }

    /// <summary>
    /// Whether a padded batch can run as it is, on torch's fast dense kernels, with pooling reading only the valid
    /// steps: a forward-only network never reads a row past its last valid step. A backward direction would start in
    /// the padding, and some cells' state can overflow over padding (<see cref="CellType.HasBoundedState"/>). Those
    /// networks get packed batches (slower: packed sequences take torch's generic per-step path).
    /// </summary>
    private bool PaddingIsHarmless => !_shape.Bidirectional && _cell.HasBoundedState(_shape);

    private PoolingInput RunPacked(Tensor steps, Tensor lengths)
    {
        var sequence = nn.utils.rnn.pack_padded_sequence(steps, lengths, enforce_sorted: false);
        Tensor finalHidden = null;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0 && training && _dropoutBetweenLayers > 0) sequence = DropOut(sequence, lengths);
            (sequence, finalHidden) = _cell.Run(layers[i], sequence);
        }
        return new PoolingInput(() => nn.utils.rnn.pad_packed_sequence(sequence).Item1, lengths, finalHidden);
    }

    /// <summary>Runs the layers over every step; <paramref name="lengths"/> is null when no row is padded. Padding
    /// runs through the final state of a padded batch, so pooling gets none.</summary>
    private PoolingInput RunDense(Tensor steps, Tensor lengths)
    {
        Tensor finalHidden = null;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0 && training && _dropoutBetweenLayers > 0) steps = SeededDropout.Apply(steps, _dropoutBetweenLayers, _dropoutGenerator);
            (steps, finalHidden) = RunLayer(i, steps);
        }
        var outputs = steps;
        return new PoolingInput(() => outputs, lengths, lengths is null ? finalHidden : null);
    }

    private int LayerInputSize(int index) => index == 0 ? _shape.InputSize : _shape.EncodingSize;

    private nn.Module CreateLayer(int index) => _cell.CreateLayer(LayerInputSize(index), _shape);

    private (Tensor Outputs, Tensor FinalHidden) RunLayer(int index, Tensor input) =>
        _cell.Run(layers[index], input, () => _lstmKernels.Choose(
            new LstmLayerShape(LayerInputSize(index), _shape.HiddenSize, _shape.Bidirectional), is_grad_enabled(),
            new LstmCallSize(input.shape[0], input.shape[1]), Log));

    private PackedSequence DropOut(PackedSequence sequence, Tensor lengths)
    {
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(sequence);
        var dropped = SeededDropout.Apply(padded, _dropoutBetweenLayers, _dropoutGenerator);
        return nn.utils.rnn.pack_padded_sequence(dropped, lengths, enforce_sorted: false);
    }
}
