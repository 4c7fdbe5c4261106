using System.Buffers;
using RecurrentML.Data;
using RecurrentML.Model;
using RecurrentML.Network.Cells;
using RecurrentML.Network.Pooling;

namespace RecurrentML.Network.RowScoring;

/// <summary>
/// Scores one row at a time on the calling thread, in managed code, with the same function as the torch network
/// (<see cref="BatchEncoder"/>; equal within float rounding, tested to 1e-5): a single row needs no padding, no
/// batching and none of libtorch's per-call overhead or threads, so a <c>PredictionEngine</c> call costs only the
/// arithmetic, and any number of callers can score at once on their own threads. The weights are read-only after
/// construction; each call takes its working memory from the shared array pool.
/// </summary>
internal sealed class RowEncoder
{
    private readonly NetworkShape _shape;
    private readonly CellType _cell;
    private readonly LayerWeights[] _layers;
    private readonly TokenProjections _tokens;
    private readonly RowPooling _pooling;

    /// <summary>One layer's input and recurrent matrices, per direction (forward, then backward).</summary>
    private sealed record LayerWeights(GateMatrix[] Input, GateMatrix[] Recurrent);

    public RowEncoder(EncoderModel model)
    {
        _shape = model.Network;
        _cell = CellType.For(_shape.Cell);
        var weights = model.Weights.ToDictionary(w => w.Name);
        int rows = _cell.Gates * _shape.HiddenSize, directions = _shape.Bidirectional ? 2 : 1;
        _layers = new LayerWeights[_shape.NumberOfLayers];
        for (int layer = 0; layer < _layers.Length; layer++)
        {
            int inputSize = layer == 0 ? _shape.InputSize : _shape.EncodingSize;
            var input = new GateMatrix[directions];
            var recurrent = new GateMatrix[directions];
            for (int d = 0; d < directions; d++)
            {
                // Names as NetworkWeights.Expected lays them out.
                var names = WeightNames.Layer(layer, d);
                input[d] = new GateMatrix(weights[names.InputWeight].Values, weights[names.InputBias].Values, rows, inputSize);
                recurrent[d] = new GateMatrix(weights[names.RecurrentWeight].Values, weights[names.RecurrentBias].Values, rows, _shape.HiddenSize);
            }
            _layers[layer] = new LayerWeights(input, recurrent);
        }
        if (_shape.UsesEmbedding) _tokens = new TokenProjections(weights[WeightNames.Embedding].Values, _shape.InputSize, _layers[0].Input);
        _pooling = PoolingMethod.For(_shape.Pooling).ForRows(_shape, weights);
    }

    public int EncodingSize => _shape.EncodingSize;

    /// <summary>Values per step of a float row.</summary>
    public int InputSize => _shape.InputSize;

    /// <summary>Encodes one row of token ids (an empty row reads as one unknown token, as in a padded batch).</summary>
    public void EncodeTokens(ReadOnlySpan<int> tokens, Span<float> encoding, Span<float> stepWeights = default)
    {
        ReadOnlySpan<int> unknown = stackalloc int[] { SequenceFormat.UnknownToken };
        var row = tokens.IsEmpty ? unknown : tokens;
        Encode(row.Length, row, default, encoding, stepWeights);
    }

    /// <summary>Encodes one row of float steps, InputSize values each (an empty row reads as one zero step).</summary>
    public void EncodeValues(ReadOnlySpan<float> values, Span<float> encoding, Span<float> stepWeights = default)
    {
        ReadOnlySpan<float> zeros = values.IsEmpty ? new float[_shape.InputSize] : values;
        Encode(zeros.Length / _shape.InputSize, default, zeros, encoding, stepWeights);
    }

    private void Encode(int steps, ReadOnlySpan<int> tokens, ReadOnlySpan<float> values, Span<float> encoding, Span<float> stepWeights)
    {
        int size = _shape.EncodingSize, hidden = _shape.HiddenSize, gates = _cell.Gates * hidden;
        int inputWidth = _tokens?.Width ?? gates;
        var pool = ArrayPool<float>.Shared;
        float[] current = pool.Rent(steps * size), previous = pool.Rent(steps * size), scratch = pool.Rent(inputWidth + gates + 2 * hidden);
        try
        {
            for (int layer = 0; layer < _layers.Length; layer++)
            {
                (previous, current) = (current, previous);
                var weights = _layers[layer];
                for (int d = 0; d < weights.Recurrent.Length; d++)
                {
                    Span<float> input = scratch.AsSpan(0, inputWidth), recurrent = scratch.AsSpan(inputWidth, gates);
                    Span<float> state = scratch.AsSpan(inputWidth + gates, hidden), cell = scratch.AsSpan(inputWidth + gates + hidden, hidden);
                    state.Clear();
                    cell.Clear();
                    for (int i = 0; i < steps; i++)
                    {
                        int t = d == 0 ? i : steps - 1 - i;
                        ReadOnlySpan<float> inputGates;
                        if (layer == 0 && _tokens != null) inputGates = _tokens.Of(tokens[t], input).Slice(d * gates, gates);
                        else
                        {
                            var x = layer == 0 ? values.Slice(t * _shape.InputSize, _shape.InputSize) : previous.AsSpan(t * size, size);
                            weights.Input[d].Apply(x, input[..gates]);
                            inputGates = input[..gates];
                        }
                        weights.Recurrent[d].Apply(state, recurrent);
                        _cell.Step(inputGates, recurrent, state, cell, _shape);
                        state.CopyTo(current.AsSpan(t * size + d * hidden, hidden));
                    }
                }
            }
            _pooling(current.AsSpan(0, steps * size), steps, encoding, stepWeights);
        }
        finally
        {
            pool.Return(current);
            pool.Return(previous);
            pool.Return(scratch);
        }
    }
}
