using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>The element-wise maximum of the outputs over the row's valid steps.</summary>
internal sealed class MaxPooling : PoolingMethod
{
    public override PooledSteps Pool(PoolingInput input, nn.Module module)
    {
        var outputs = input.Outputs;
        using var negativeInfinity = float.NegativeInfinity.ToScalar(); // held: see UniformInitialization
        var valid = input.Padding() is { } padding ? outputs.masked_fill(padding, negativeInfinity) : outputs;
        return new PooledSteps(valid.max(0).values);
    }

    public override RowPooling ForRows(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights)
    {
        int size = shape.EncodingSize;
        return (outputs, steps, encoding, _) =>
        {
            outputs[..size].CopyTo(encoding);
            for (int t = 1; t < steps; t++) TensorPrimitives.Max(encoding, outputs.Slice(t * size, size), encoding);
        };
    }

    public override OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input) =>
        new(input.ByRow(graph, graph.Node("ReduceMax", new[] { input.Outputs }, "max_pooled", OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0))));
}
