using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>The mean of the outputs over the row's valid steps.</summary>
internal sealed class MeanPooling : PoolingMethod
{
    public override PooledSteps Pool(PoolingInput input, nn.Module module)
    {
        var outputs = input.Outputs;
        // sum(new[] { 0L }), not sum(0): a literal 0 converts to ScalarType and would pick the sum(dtype) overload.
        if (input.Padding() is not { } padding) return new PooledSteps(outputs.mean(new long[] { 0 }));
        var lengths = input.Lengths.to(outputs.device).unsqueeze(1).to(ScalarType.Float32);
        using var zero = 0f.ToScalar(); // held: see UniformInitialization
        return new PooledSteps(outputs.masked_fill(padding, zero).sum(new long[] { 0 }).div(lengths));
    }

    public override RowPooling ForRows(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights)
    {
        int size = shape.EncodingSize;
        return (outputs, steps, encoding, _) =>
        {
            outputs[..size].CopyTo(encoding);
            for (int t = 1; t < steps; t++) TensorPrimitives.Add(encoding, outputs.Slice(t * size, size), encoding);
            TensorPrimitives.Divide(encoding, steps, encoding);
        };
    }

    public override OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input) =>
        new(input.ByRow(graph, graph.Node("ReduceMean", new[] { input.Outputs }, "mean_pooled", OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0))));
}
