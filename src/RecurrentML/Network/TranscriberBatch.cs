using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>A batch of a transcriber's rows as tensors: steps zero-padded to the longest row, each row's length, and
/// (in training) the transcripts' classes zero-padded, with their lengths.</summary>
internal static class TranscriberBatch
{
    /// <summary>[batch, longest, features] float32 on <paramref name="device"/> and [batch] int64 lengths on the CPU.</summary>
    public static (Tensor Steps, Tensor Lengths) Steps(IReadOnlyList<float[]> rows, IReadOnlyList<int> batch, int featuresPerStep, Device device)
    {
        int longest = batch.Max(r => rows[r].Length / featuresPerStep);
        var values = new float[batch.Count * longest * featuresPerStep];
        var lengths = new long[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var row = rows[batch[i]];
            row.CopyTo(values, i * longest * featuresPerStep);
            lengths[i] = row.Length / featuresPerStep;
        }
        return (tensor(values, new long[] { batch.Count, longest, featuresPerStep }, device: device), tensor(lengths));
    }

    /// <summary>[batch, longest transcript] int64 classes and [batch] int64 lengths, on <paramref name="device"/>.</summary>
    public static (Tensor Targets, Tensor Lengths) Targets(IReadOnlyList<int[]> transcripts, IReadOnlyList<int> batch, Device device)
    {
        int longest = batch.Max(r => transcripts[r].Length);
        var values = new long[batch.Count * longest];
        var lengths = new long[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var classes = transcripts[batch[i]];
            for (int j = 0; j < classes.Length; j++) values[i * longest + j] = classes[j];
            lengths[i] = classes.Length;
        }
        return (tensor(values, new long[] { batch.Count, longest }, device: device), tensor(lengths, device: device));
    }
}
