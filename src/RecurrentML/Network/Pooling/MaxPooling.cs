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

    public override OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input) =>
        new(input.ByRow(graph, graph.Node("ReduceMax", new[] { input.Outputs }, "max_pooled", OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0))));
}
