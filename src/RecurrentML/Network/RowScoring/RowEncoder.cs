using System.Buffers;
using RecurrentML.Data;
using RecurrentML.Model;
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
    private readonly RowLayers _layers;
    private readonly TokenProjections _tokens;
    private readonly RowPooling _pooling;

    public RowEncoder(EncoderModel model)
    {
        _shape = model.Network;
        var weights = model.Weights.ToDictionary(w => w.Name);
        _layers = new RowLayers(_shape, weights);
        if (_shape.UsesEmbedding) _tokens = new TokenProjections(weights[WeightNames.Embedding].Values, _shape.InputSize, _layers.FirstLayerInput);
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
        int size = _shape.EncodingSize, stepGates = _layers.StepGates, rows = _layers.GateRows;
        var pool = ArrayPool<float>.Shared;
        float[] gates = pool.Rent(steps * stepGates), outputs = pool.Rent(steps * size);
        try
        {
            for (int t = 0; t < steps; t++)
            {
                var stepInput = gates.AsSpan(t * stepGates, stepGates);
                if (_tokens != null) _tokens.Of(tokens[t], stepInput).CopyTo(stepInput);
                else
                    for (int d = 0; d < _layers.Directions; d++)
                        _layers.FirstLayerInput[d].Apply(values.Slice(t * _shape.InputSize, _shape.InputSize), stepInput.Slice(d * rows, rows));
            }
            _layers.Run(steps, gates.AsSpan(0, steps * stepGates), outputs.AsSpan(0, steps * size));
            _pooling(outputs.AsSpan(0, steps * size), steps, encoding, stepWeights);
        }
        finally
        {
            pool.Return(gates);
            pool.Return(outputs);
        }
    }
}
