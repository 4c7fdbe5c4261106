using RecurrentML.Data;
using RecurrentML.Inputs;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Moves a <see cref="PaddedBatch"/> into tensors: the input on the network's device, lengths on the CPU
/// (where torch's packing expects them).</summary>
internal static class BatchTensors
{
    public static (Tensor Input, Tensor Lengths) Create(PaddedBatch batch, Device device)
    {
        return (InputKind.For(batch.Kind).Tensor(batch, device), tensor(batch.Lengths));
    }
}
