using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using TorchSharp;
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

    /// <summary>A scorer for a model description: its network built on <paramref name="device"/> with its weights.</summary>
    public static BatchEncoder Create(EncoderModel model, Device device)
    {
        var network = new EncoderNetwork(model.Network);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new BatchEncoder(network, device);
    }

    /// <summary>The encodings of every row of <paramref name="block"/>, in block order, and, when asked for (the
    /// pooling method must have them), each row's step weights over the steps it read.</summary>
    public EncodedBlock Encode(SequenceBlock block, bool stepWeights = false) =>
        Encode(block.Count, block.Steps, block.ToBatch, stepWeights);

    /// <summary>The encodings of the stored rows <paramref name="rows"/>, in that order.</summary>
    public EncodedBlock Encode(SequenceStore store, IReadOnlyList<int> rows) =>
        Encode(rows.Count, i => store.Steps(rows[i]), batch => store.Batch(batch.Select(i => rows[i]).ToArray()), stepWeights: false);

    /// <summary>Encodes <paramref name="count"/> rows in length-sorted batches and puts each result at its row's place.</summary>
    private EncodedBlock Encode(int count, Func<int, int> stepsOf, Func<int[], PaddedBatch> batchOf, bool stepWeights)
    {
        int size = _network.Shape.EncodingSize;
        var encodings = new float[count * size];
        var weights = stepWeights ? new float[count][] : null;
        var rows = Enumerable.Range(0, count).ToArray();
        foreach (int[] batch in BatchPlanner.PlanInOrder(rows, stepsOf, ScoringBatchSize))
        {
            var padded = batchOf(batch);
            var (batchEncodings, batchWeights) = Encode(padded, stepWeights);
            for (int i = 0; i < batch.Length; i++)
            {
                batchEncodings.AsSpan(i * size, size).CopyTo(encodings.AsSpan(batch[i] * size));
                if (weights != null) weights[batch[i]] = batchWeights.AsSpan(i * padded.Steps, (int)padded.Lengths[i]).ToArray();
            }
        }
        return new EncodedBlock(encodings, weights);
    }

    /// <summary>The encodings of the batch's rows, row after row: [rows * EncodingSize]; and the step weights
    /// [rows * steps] when asked for.</summary>
    private (float[] Encodings, float[] StepWeights) Encode(PaddedBatch batch, bool stepWeights)
    {
        lock (_gate)
        {
            using var flushDenormals = DenormalFlushScope.Enter();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (input, lengths) = BatchTensors.Create(batch, _device);
            var pooled = _network.Encode(input, lengths);
            var weights = stepWeights
                ? (pooled.StepWeights ?? throw new InvalidOperationException($"{_network.Shape.Pooling} pooling has no step weights.")).cpu().data<float>().ToArray()
                : null;
            return (pooled.Encoding.cpu().data<float>().ToArray(), weights);
        }
    }

    public void Dispose() => _network.Dispose();
}
