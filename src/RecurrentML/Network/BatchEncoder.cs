using RecurrentML.Data;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Scores padded batches with a trained network: no gradients, evaluation mode, one batch at a time (the
/// network's modules are not safe to call from several threads at once).</summary>
internal sealed class BatchEncoder : IDisposable
{
    private readonly EncoderNetwork _network;
    private readonly Device _device;
    private readonly object _gate = new();

    public BatchEncoder(EncoderNetwork network, Device device)
    {
        _network = network;
        _device = device;
        _network.eval();
    }

    public EncoderNetwork Network => _network;

    /// <summary>The encodings of the batch's rows, row after row: [rows * network.Shape.EncodingSize].</summary>
    public float[] Encode(PaddedBatch batch)
    {
        lock (_gate)
        {
            using var flushDenormals = DenormalFlushScope.Enter();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (input, lengths) = BatchTensors.Create(batch, _device);
            return _network.call(input, lengths).cpu().data<float>().ToArray();
        }
    }

    public void Dispose() => _network.Dispose();
}
