using RecurrentML.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using PackedSequence = TorchSharp.torch.nn.utils.rnn.PackedSequence;

namespace RecurrentML.Network;

/// <summary>
/// Embedding (token input) → stacked single-layer LSTM, GRU or RNN modules → pooling over each row's valid steps.
/// Rows of a batch are packed by length, so padding never reaches the cells and a row's encoding does not depend on
/// the batch it is scored in. Layers are separate modules so that the dropout between them, and the initial weights,
/// come from the training's own generator rather than torch's process-wide one.
/// </summary>
internal sealed class EncoderNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly ModuleList<nn.Module> layers;
    private readonly NetworkShape _shape;
    private double _dropoutBetweenLayers;
    private Generator _dropoutGenerator;

    public EncoderNetwork(NetworkShape shape) : base(nameof(EncoderNetwork))
    {
        _shape = shape;
        if (shape.UsesEmbedding)
            embedding = nn.Embedding(shape.EmbeddingRows, shape.InputSize, padding_idx: SequenceFormat.UnknownToken);
        layers = new ModuleList<nn.Module>(Enumerable.Range(0, shape.NumberOfLayers).Select(CreateLayer).ToArray());
        RegisterComponents();
    }

    public NetworkShape Shape => _shape;

    /// <summary>Draws every weight from <paramref name="generator"/>: recurrent weights and biases uniform in
    /// ±1/√hidden (torch's default), embedding rows standard normal, with the unknown token's row zero.</summary>
    public void Initialize(Generator generator)
    {
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(_shape.HiddenSize);
        foreach (var layer in layers)
        {
            foreach (var parameter in layer.parameters())
            {
                using var draw = rand(parameter.shape, generator: generator);
                parameter.copy_(draw.mul(2 * bound).sub(bound));
            }
        }
        if (embedding == null) return;
        using var normal = randn(embedding.weight.shape, generator: generator);
        embedding.weight.copy_(normal);
        embedding.weight[SequenceFormat.UnknownToken].zero_();
    }

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
    public override Tensor forward(Tensor input, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var steps = _shape.UsesEmbedding ? embedding.call(input) : input;
        var sequence = nn.utils.rnn.pack_padded_sequence(steps, lengths, batch_first: true, enforce_sorted: false);
        Tensor finalHidden = null;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0 && training && _dropoutBetweenLayers > 0) sequence = DropOut(sequence, lengths);
            (sequence, finalHidden) = RunLayer(layers[i], sequence);
        }
        var encoding = _shape.Pooling == SequencePooling.Last ? LastStates(finalHidden) : PoolOutputs(sequence, lengths);
        return encoding.MoveToOuterDisposeScope();
    }

    private nn.Module CreateLayer(int index)
    {
        long input = index == 0 ? _shape.InputSize : _shape.EncodingSize;
        return _shape.Cell switch
        {
            RecurrentCell.Lstm => nn.LSTM(input, _shape.HiddenSize, batchFirst: true, bidirectional: _shape.Bidirectional),
            RecurrentCell.Gru => nn.GRU(input, _shape.HiddenSize, batchFirst: true, bidirectional: _shape.Bidirectional),
            RecurrentCell.Rnn => nn.RNN(input, _shape.HiddenSize, 1,
                _shape.Nonlinearity == RnnNonlinearity.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
                batchFirst: true, bidirectional: _shape.Bidirectional),
            _ => throw new ArgumentOutOfRangeException(nameof(index), _shape.Cell, "Unknown recurrent cell."),
        };
    }

    private static (PackedSequence Outputs, Tensor FinalHidden) RunLayer(nn.Module layer, PackedSequence input)
    {
        switch (layer)
        {
            case LSTM lstm:
                var (outputs, hidden, _) = lstm.call(input);
                return (outputs, hidden);
            case GRU gru:
                return gru.call(input);
            default:
                return ((RNN)layer).call(input);
        }
    }

    private PackedSequence DropOut(PackedSequence sequence, Tensor lengths)
    {
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(sequence, batch_first: true);
        var dropped = SeededDropout.Apply(padded, _dropoutBetweenLayers, _dropoutGenerator);
        return nn.utils.rnn.pack_padded_sequence(dropped, lengths, batch_first: true, enforce_sorted: false);
    }

    /// <summary>The last layer's final state: [directions, batch, hidden] → [batch, encoding].</summary>
    private Tensor LastStates(Tensor finalHidden) =>
        _shape.Bidirectional ? cat(new[] { finalHidden[0], finalHidden[1] }, 1) : finalHidden[0];

    private Tensor PoolOutputs(PackedSequence outputs, Tensor lengths)
    {
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(outputs, batch_first: true);
        var rowLengths = lengths.to(padded.device).unsqueeze(1);
        // Padding steps are zero after unpacking, so the sum over all steps is the sum over the valid ones.
        if (_shape.Pooling == SequencePooling.Mean)
            return padded.sum(1).div(rowLengths.to(ScalarType.Float32));
        var padding = arange(padded.shape[1], device: padded.device).unsqueeze(0).ge(rowLengths).unsqueeze(2);
        return padded.masked_fill(padding, float.NegativeInfinity).max(1).values;
    }
}
