using System.Buffers;
using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using RecurrentML.Network.RowScoring;
using TorchSharp;
using RecurrentML.Interop;
using static RecurrentML.Interop.OnnxAttribute;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>
/// Additive attention over the last layer's step outputs: a softmax over each row's valid steps of the learned scores
/// (<see cref="AttentionScorer"/>), and the encoding the outputs weighted by it. Padding gets weight 0, so it never
/// changes a row's encoding. The weights say which steps the encoding was made of; they are an optional output.
/// </summary>
internal sealed class AttentionPooling : PoolingMethod
{
    private const string Projection = WeightPrefix + "projection.weight", Bias = WeightPrefix + "projection.bias", Context = WeightPrefix + "context";

    public override bool HasStepWeights => true;

    public override nn.Module CreateModule(int encodingSize) => new AttentionScorer(encodingSize);

    public override IEnumerable<(string Name, long[] Shape)> Weights(int encodingSize) => new[]
    {
        (Context, new long[] { encodingSize }),
        (Projection, new long[] { encodingSize, encodingSize }),
        (Bias, new long[] { encodingSize }),
    };

    public override PooledSteps Pool(PoolingInput input, nn.Module module)
    {
        var outputs = input.Outputs;
        var scores = ((AttentionScorer)module).call(outputs);
        if (input.Padding() is { } padding)
        {
            var steps = padding.squeeze(2);
            using var negativeInfinity = float.NegativeInfinity.ToScalar(); // held: see UniformInitialization
            using var zero = 0f.ToScalar();
            scores = scores.masked_fill(steps, negativeInfinity);
            // Padding steps of a packed batch hold zeros, of a dense one whatever the cell computed there: never read.
            outputs = outputs.masked_fill(padding, zero);
        }
        var weights = scores.softmax(0);
        return new PooledSteps(weights.unsqueeze(2).mul(outputs).sum(new long[] { 0 }), weights.t());
    }

    public override RowPooling ForRows(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights)
    {
        int size = shape.EncodingSize;
        var projection = new GateMatrix(weights[Projection].Values, weights[Bias].Values, size, size);
        var context = weights[Context].Values;
        return (outputs, steps, encoding, stepWeights) =>
        {
            var buffer = ArrayPool<float>.Shared.Rent(size + steps);
            try
            {
                Span<float> hidden = buffer.AsSpan(0, size), scores = buffer.AsSpan(size, steps);
                for (int t = 0; t < steps; t++)
                {
                    projection.Apply(outputs.Slice(t * size, size), hidden);
                    TensorPrimitives.Tanh(hidden, hidden);
                    scores[t] = TensorPrimitives.Dot(hidden, context);
                }
                TensorPrimitives.SoftMax(scores, scores);
                encoding.Clear();
                for (int t = 0; t < steps; t++) TensorPrimitives.MultiplyAdd(outputs.Slice(t * size, size), scores[t], encoding, encoding);
                if (!stepWeights.IsEmpty) scores.CopyTo(stepWeights);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        };
    }

    public override OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input)
    {
        int size = input.EncodingSize;
        var steps = input.StepsByRow(graph);
        var projectionT = Transposed(input.Weights[Projection].Values, size);
        var projected = graph.Node("MatMul", new[] { steps, graph.Constant("attention_projection", projectionT, size, size) }, "attention_projected");
        var hidden = graph.Node("Tanh", new[] { graph.Node("Add", new[] { projected, graph.Constant("attention_bias", input.Weights[Bias].Values, size) }, "attention_biased") }, "attention_hidden");
        var scores = graph.Node("MatMul", new[] { hidden, graph.Constant("attention_context", input.Weights[Context].Values, size, 1) }, "attention_scores");
        // Softmax before opset 13 flattens from its axis on: rows must come first, steps last.
        var byRow = graph.Node("Transpose", new[] { graph.Node("Squeeze", new[] { scores }, "attention_scores_2d", Ints("axes", 2)) }, "attention_scores_by_row", Ints("perm", 1, 0));
        var weights = graph.Node("Softmax", new[] { byRow }, "attention_weights", Int("axis", 1));
        var byStep = graph.Node("Unsqueeze", new[] { graph.Node("Transpose", new[] { weights }, "attention_weights_by_step", Ints("perm", 1, 0)) }, "attention_weights_3d", Ints("axes", 2));
        var weighted = graph.Node("Mul", new[] { steps, byStep }, "attention_weighted");
        return new OnnxPooled(graph.Node("ReduceSum", new[] { weighted }, "attention_pooled", Ints("axes", 0), Int("keepdims", 0)), weights);
    }

    /// <summary>A row-major [size, size] matrix transposed (MatMul multiplies by W^T).</summary>
    private static float[] Transposed(float[] matrix, int size)
    {
        var transposed = new float[matrix.Length];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
                transposed[j * size + i] = matrix[i * size + j];
        return transposed;
    }
}
