using RecurrentML.Data;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Moves a <see cref="PaddedBatch"/> into tensors: the input on the network's device, lengths on the CPU
/// (where torch's packing expects them).</summary>
internal static class BatchTensors
{
    public static (Tensor Input, Tensor Lengths) Create(PaddedBatch batch, Device device)
    {
        var input = batch.Tokens != null
            ? tensor(batch.Tokens, new long[] { batch.Rows, batch.Steps }, device: device)
            : tensor(batch.Values, new long[] { batch.Rows, batch.Steps, batch.Width }, device: device);
        return (input, tensor(batch.Lengths));
    }
}
