using RecurrentML.Model;
using RecurrentML.Network.Cells;

namespace RecurrentML.Onnx;

/// <summary>
/// The inputs W, R and B of one ONNX LSTM, GRU or RNN node, built from a layer's torch weights. Both lay out one
/// block of HiddenSize rows per gate, in orders the cell type maps (<see cref="CellType.OnnxGateOrder"/>). ONNX stacks
/// the directions in the first dimension and puts the input and the recurrent bias side by side in B.
/// </summary>
internal sealed record OnnxLayerWeights(float[] W, long[] WShape, float[] R, long[] RShape, float[] B, long[] BShape)
{
    /// <param name="weights">The model description's weights by name.</param>
    /// <param name="shape">The network's shape.</param>
    /// <param name="layer">The layer, 0 first.</param>
    public static OnnxLayerWeights Of(IReadOnlyDictionary<string, NamedWeight> weights, NetworkShape shape, int layer)
    {
        var gateOf = CellType.For(shape.Cell).OnnxGateOrder;
        int gates = gateOf.Length, hidden = shape.HiddenSize, directions = shape.Bidirectional ? 2 : 1;
        int input = layer == 0 ? shape.InputSize : shape.EncodingSize;
        var w = new float[directions * gates * hidden * input];
        var r = new float[directions * gates * hidden * hidden];
        var b = new float[directions * 2 * gates * hidden];
        for (int direction = 0; direction < directions; direction++)
        {
            var names = WeightNames.Layer(layer, direction);
            var inputWeights = Values(weights, names.InputWeight, gates * hidden * input);
            var recurrentWeights = Values(weights, names.RecurrentWeight, gates * hidden * hidden);
            var inputBias = Values(weights, names.InputBias, gates * hidden);
            var recurrentBias = Values(weights, names.RecurrentBias, gates * hidden);
            for (int gate = 0; gate < gates; gate++)
            {
                int from = gateOf[gate], to = direction * gates + gate;
                Array.Copy(inputWeights, from * hidden * input, w, to * hidden * input, hidden * input);
                Array.Copy(recurrentWeights, from * hidden * hidden, r, to * hidden * hidden, hidden * hidden);
                Array.Copy(inputBias, from * hidden, b, (direction * 2 * gates + gate) * hidden, hidden);
                Array.Copy(recurrentBias, from * hidden, b, (direction * 2 * gates + gates + gate) * hidden, hidden);
            }
        }
        return new OnnxLayerWeights(
            w, new long[] { directions, gates * hidden, input },
            r, new long[] { directions, gates * hidden, hidden },
            b, new long[] { directions, 2 * gates * hidden });
    }

    private static float[] Values(IReadOnlyDictionary<string, NamedWeight> weights, string name, int count)
    {
        if (!weights.TryGetValue(name, out var weight) || weight.Values.Length != count)
            throw new InvalidOperationException($"The network has no weight '{name}' of {count} values; it does not match its shape.");
        return weight.Values;
    }
}
