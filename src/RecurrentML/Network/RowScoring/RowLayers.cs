using System.Buffers;
using RecurrentML.Model;
using RecurrentML.Network.Cells;

namespace RecurrentML.Network.RowScoring;

/// <summary>
/// The stacked recurrent layers of a network on plain values, one row at a time (an encoder's, or a tagger's), as the
/// torch layers compute them: each layer runs forward over the row's steps and, when bidirectional, backward, with its
/// cell's own <see cref="CellType.Step"/>. The caller gives the first layer's input gates (it knows what a step is: a
/// cached token, float values, a word and its spelling); later layers read the layer before. Read-only after
/// construction; each call takes its working memory from the shared array pool.
/// </summary>
internal sealed class RowLayers
{
    private readonly NetworkShape _shape;
    private readonly CellType _cell;
    // [layer][direction]: forward, then backward. The first layer's input matrices are built on first use: a caller
    // that splits the first layer's input (a tagger's word and spelling columns) never needs them whole.
    private readonly GateMatrix[][] _input;
    private readonly GateMatrix[][] _recurrent;
    private readonly Lazy<GateMatrix[]> _firstLayerInput;

    /// <summary>The layers whose weights are among <paramref name="weights"/>, named as <see cref="WeightNames.Layer"/>
    /// says after <paramref name="prefix"/> (the layers' field in a larger network, with its dot).</summary>
    public RowLayers(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights, string prefix = "")
    {
        _shape = shape;
        _cell = CellType.For(shape.Cell);
        _input = new GateMatrix[shape.NumberOfLayers][];
        _recurrent = new GateMatrix[shape.NumberOfLayers][];
        for (int layer = 0; layer < shape.NumberOfLayers; layer++)
        {
            if (layer > 0) _input[layer] = InputMatrices(layer, shape.EncodingSize);
            _recurrent[layer] = new GateMatrix[Directions];
            for (int d = 0; d < Directions; d++)
            {
                var names = WeightNames.Layer(layer, d);
                _recurrent[layer][d] = new GateMatrix(weights[prefix + names.RecurrentWeight].Values, weights[prefix + names.RecurrentBias].Values, GateRows, shape.HiddenSize);
            }
        }
        _firstLayerInput = new Lazy<GateMatrix[]>(() => InputMatrices(0, shape.InputSize));

        GateMatrix[] InputMatrices(int layer, int inputSize) => Enumerable.Range(0, Directions).Select(d =>
        {
            var names = WeightNames.Layer(layer, d);
            return new GateMatrix(weights[prefix + names.InputWeight].Values, weights[prefix + names.InputBias].Values, GateRows, inputSize);
        }).ToArray();
    }

    public NetworkShape Shape => _shape;

    public int Directions => _shape.Bidirectional ? 2 : 1;

    /// <summary>Gate rows of one direction: the cell's gates times the hidden size.</summary>
    public int GateRows => _cell.Gates * _shape.HiddenSize;

    /// <summary>Input gates of one step: every direction's, one direction after the other.</summary>
    public int StepGates => Directions * GateRows;

    /// <summary>The first layer's input matrices (W_ih, b_ih), per direction.</summary>
    public GateMatrix[] FirstLayerInput => _firstLayerInput.Value;

    /// <summary>Runs every layer over one row.</summary>
    /// <param name="steps">The row's steps, at least 1.</param>
    /// <param name="inputGates">[steps * <see cref="StepGates"/>]: the first layer's W_ih x + b_ih of each step, every
    /// direction; overwritten with each later layer's.</param>
    /// <param name="outputs">[steps * EncodingSize]: receives the last layer's output at each step (the forward
    /// direction's, then the backward one's).</param>
    public void Run(int steps, Span<float> inputGates, Span<float> outputs)
    {
        int size = _shape.EncodingSize, hidden = _shape.HiddenSize, rows = GateRows, stepGates = StepGates;
        var scratch = ArrayPool<float>.Shared.Rent(rows + 2 * hidden);
        try
        {
            Span<float> recurrent = scratch.AsSpan(0, rows), state = scratch.AsSpan(rows, hidden), cell = scratch.AsSpan(rows + hidden, hidden);
            for (int layer = 0; layer < _input.Length; layer++)
            {
                // The previous layer's outputs are read in full before this layer overwrites them.
                if (layer > 0)
                    for (int t = 0; t < steps; t++)
                        for (int d = 0; d < Directions; d++)
                            _input[layer][d].Apply(outputs.Slice(t * size, size), inputGates.Slice(t * stepGates + d * rows, rows));
                for (int d = 0; d < Directions; d++)
                {
                    state.Clear();
                    cell.Clear();
                    for (int i = 0; i < steps; i++)
                    {
                        int t = d == 0 ? i : steps - 1 - i;
                        _recurrent[layer][d].Apply(state, recurrent);
                        _cell.Step(inputGates.Slice(t * stepGates + d * rows, rows), recurrent, state, cell, _shape);
                        state.CopyTo(outputs.Slice(t * size + d * hidden, hidden));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
