using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network.Cells;
using RecurrentML.Network.Pooling;
using static RecurrentML.Interop.OnnxAttribute;

namespace RecurrentML.Onnx;

/// <summary>
/// Writes a fitted encoder into the ONNX graph ML.NET's <c>ConvertToOnnx</c> builds, with standard operators only:
/// the input steps (<see cref="OnnxSequenceSteps"/>), one native LSTM, GRU or RNN node per layer, the pooling method's
/// nodes, and the encoding column (and the attention weights and score columns, when the encoder has them). Every row of the graph's input is one whole sequence, so no node needs sequence_lens: all rows of
/// a tensor have the tensor's length, and pooling runs over every step.
/// </summary>
internal static class OnnxEncoderGraph
{
    /// <summary>Pad with its pads as an input needs opset 11; ML.NET exports opset 12 by default.</summary>
    public const int MinimumOpSet = 11;

    public static void Write(OnnxGraphBuilder graph, RecurrentEncoderTransformer encoder)
    {
        // ML.NET's convention: a step whose input column is not in the graph leaves its output out as well.
        var input = graph.ColumnVariable(encoder.InputColumnName);
        if (input == null)
        {
            graph.RemoveColumn(encoder.OutputColumnName);
            if (encoder.AttentionWeightsColumnName != null) graph.RemoveColumn(encoder.AttentionWeightsColumnName);
            if (encoder.ScoreColumnName != null) graph.RemoveColumn(encoder.ScoreColumnName);
            return;
        }
        graph.RequireOpSet(MinimumOpSet, $"RecurrentML encoder '{encoder.OutputColumnName}'");

        var model = encoder.Model;
        var shape = model.Network;
        var weights = model.Weights.ToDictionary(w => w.Name);
        var (steps, nonFiniteRows) = OnnxSequenceSteps.Write(graph, input, model.Sequence, weights);
        var pooling = PoolingMethod.For(shape.Pooling);
        var (outputs, finalStates) = WriteLayers(graph, steps, shape, weights, pooling.ReadsFinalStatesInOnnx);
        var pooled = pooling.WriteOnnx(graph, new OnnxPoolingInput(outputs, finalStates, shape.EncodingSize, weights));
        WriteColumn(graph, pooled.Encoding, encoder.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, shape.EncodingSize), nonFiniteRows);
        if (encoder.AttentionWeightsColumnName != null)
            WriteColumn(graph, pooled.StepWeights, encoder.AttentionWeightsColumnName, new VectorDataViewType(NumberDataViewType.Single), nonFiniteRows);
        if (encoder.ScoreColumnName != null)
        {
            var head = encoder.Head;
            var scores = graph.Node("Gemm", new[] { pooled.Encoding, graph.Constant("head_weight", head.Weight, head.Outputs, head.EncodingSize),
                graph.Constant("head_bias", head.Bias, head.Outputs) }, "scores", Int("transB", 1));
            WriteColumn(graph, scores, encoder.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, head.Outputs), nonFiniteRows);
        }
    }

    /// <summary>Maps a column to <paramref name="values"/>; rows ML.NET would refuse get NaN, not plausible values.</summary>
    private static void WriteColumn(OnnxGraphBuilder graph, string values, string column, DataViewType type, string nonFiniteRows)
    {
        if (nonFiniteRows == null) graph.ColumnNode("Identity", new[] { values }, column, type);
        else graph.ColumnNode("Where", new[] { nonFiniteRows, graph.Scalar("nan", float.NaN), values }, column, type);
    }

    /// <summary>Runs the layers on [steps, rows, input] (the encoder's, and the tagger's in <see cref="OnnxTaggerGraph"/>):
    /// the last layer's Y [steps, directions, rows, hidden], or its Y_h [directions, rows, hidden] alone when pooling
    /// reads only the final states.</summary>
    internal static (string Outputs, string FinalStates) WriteLayers(OnnxGraphBuilder graph, string steps, NetworkShape shape,
        IReadOnlyDictionary<string, NamedWeight> weights, bool finalStatesOnly)
    {
        var cell = CellType.For(shape.Cell);
        var attributes = new[]
        {
            Int("hidden_size", shape.HiddenSize),
            String("direction", shape.Bidirectional ? "bidirectional" : "forward"),
        }.Concat(cell.OnnxAttributes(shape)).ToArray();

        string outputs = null, finalStates = null;
        for (int layer = 0; layer < shape.NumberOfLayers; layer++)
        {
            bool last = layer == shape.NumberOfLayers - 1;
            var w = OnnxLayerWeights.Of(weights, shape, layer);
            var inputs = new[]
            {
                steps,
                graph.Constant($"W{layer}", w.W, w.WShape),
                graph.Constant($"R{layer}", w.R, w.RShape),
                graph.Constant($"B{layer}", w.B, w.BShape),
            };
            bool needStates = last && finalStatesOnly;
            var results = graph.Node(cell.OnnxOperator, inputs, new[] { needStates ? null : $"layer{layer}_outputs", needStates ? "final_states" : null }, attributes);
            (outputs, finalStates) = (results[0], results[1]);
            if (!last)
            {
                // Y is [steps, directions, rows, hidden]; the next layer reads [steps, rows, directions * hidden].
                var stepsRowsDirections = graph.Node("Transpose", new[] { outputs }, $"layer{layer}_by_step", Ints("perm", 0, 2, 1, 3));
                steps = graph.Node("Reshape", new[] { stepsRowsDirections, graph.Constant($"layer{layer + 1}_input_shape", new long[] { 0, 0, shape.EncodingSize }, 3) }, $"layer{layer + 1}_input");
            }
        }
        return (outputs, finalStates);
    }
}
