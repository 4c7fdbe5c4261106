using RecurrentML.Data;
using RecurrentML.Interop;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Scores rows with a trained network: no gradients, evaluation mode, one batch at a time (the network's
/// modules are not safe to call from several threads at once). A block of rows is cut into batches of similar length,
/// so little compute goes to padding; a row's encoding does not depend on the batch it lands in.</summary>
internal sealed class BatchEncoder : IDisposable
{
    /// <summary>Rows per forward pass when scoring a block: larger batches use the cores better, smaller ones waste
    /// less on padding; 128 scored review-like lengths faster than 64 in the benchmark (bench/, measure 4).</summary>
    internal const int ScoringBatchSize = 128;

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

    /// <summary>The encodings of every row of <paramref name="block"/>, in block order: [rows * EncodingSize].</summary>
    public float[] Encode(SequenceBlock block)
    {
        int size = _network.Shape.EncodingSize;
        var encodings = new float[block.Count * size];
        var rows = Enumerable.Range(0, block.Count).ToArray();
        foreach (int[] batch in BatchPlanner.PlanInOrder(rows, block.Steps, ScoringBatchSize))
        {
            var batchEncodings = Encode(block.ToBatch(batch));
            for (int i = 0; i < batch.Length; i++)
                batchEncodings.AsSpan(i * size, size).CopyTo(encodings.AsSpan(batch[i] * size));
        }
        return encodings;
    }

    /// <summary>The encodings of the batch's rows, row after row: [rows * network.Shape.EncodingSize].</summary>
    private float[] Encode(PaddedBatch batch)
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
