using RecurrentML.Model;
using TorchSharp;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>The final hidden state: the last valid step forward and, when bidirectional, the first step backward.</summary>
internal sealed class LastPooling : PoolingMethod
{
    public override PooledSteps Pool(PoolingInput input, nn.Module module)
    {
        if (input.FinalHidden is { } final)
            return new PooledSteps(final.shape[0] == 2 ? cat(new[] { final[0], final[1] }, 1) : final[0]);
        // Padding ran through the final state: read each row's output at its last valid step (forward-only networks
        // only, whose outputs at valid steps never saw padding).
        var outputs = input.Outputs;
        using var one = 1L.ToScalar(); // held: see UniformInitialization
        var lastStep = input.Lengths.to(outputs.device).sub(one).view(1, -1, 1).expand(1, outputs.shape[1], outputs.shape[2]);
        return new PooledSteps(outputs.gather(0, lastStep).squeeze(0));
    }

    /// <summary>Forward: the output at the last step; backward: the output at the first.</summary>
    public override RowPooling ForRows(NetworkShape shape, IReadOnlyDictionary<string, NamedWeight> weights)
    {
        int size = shape.EncodingSize, hidden = shape.HiddenSize;
        return (outputs, steps, encoding, _) =>
        {
            outputs.Slice((steps - 1) * size, hidden).CopyTo(encoding);
            if (size > hidden) outputs.Slice(hidden, hidden).CopyTo(encoding[hidden..]);
        };
    }

    public override bool ReadsFinalStatesInOnnx => true;

    public override OnnxPooled WriteOnnx(OnnxGraphBuilder graph, OnnxPoolingInput input) => new(input.ByRow(graph, input.FinalStates));
}
