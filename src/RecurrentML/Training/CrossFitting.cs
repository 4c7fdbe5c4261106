using RecurrentML.Data;
using RecurrentML.Network;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// K-fold training: one network per fold, trained on the other folds, encodes its own fold's rows, so every row gets
/// an encoding from a network that never trained on it, and the head of each reports its loss and metric on the fold
/// it did not see. Out-of-fold encodings are what a trainer after the encoder should learn from (an encoder fitted to
/// a row encodes its label better than it ever will an unseen row's); the held-out metrics compare candidates.
/// </summary>
internal static class CrossFitting
{
    public static CrossFitResult Run(EncoderTrainer trainer, SequenceStore store, FoldAssignment folds, NetworkShape shape,
        TrainingObjective objective, Device device, Action<string> log)
    {
        int size = shape.EncodingSize;
        var encodings = new float[store.Count * size];
        var losses = new double[folds.Count];
        var metrics = new double[folds.Count];
        for (int fold = 0; fold < folds.Count; fold++)
        {
            int[] heldOut = folds.Rows(fold);
            log($"Cross-fitting {shape.Cell} ({shape.Pooling} pooling): fold {fold + 1} of {folds.Count}, {heldOut.Length} rows held out.");
            var trained = trainer.Train(store, folds.RowsOutside(fold), shape, objective, device, heldOut: heldOut);
            using var encoder = new BatchEncoder(trained.Network, device);
            var foldEncodings = encoder.Encode(store, heldOut).Encodings;
            for (int i = 0; i < heldOut.Length; i++) foldEncodings.AsSpan(i * size, size).CopyTo(encodings.AsSpan(heldOut[i] * size));
            (losses[fold], metrics[fold]) = (trained.HeldOutLoss, trained.HeldOutMetric);
        }
        return new CrossFitResult(encodings, losses, metrics);
    }
}

/// <summary>Out-of-fold encodings of every stored row ([rows * encoding size], in store order) and each fold's held-out
/// loss and metric.</summary>
internal sealed record CrossFitResult(float[] Encodings, double[] FoldLosses, double[] FoldMetrics)
{
    public double MeanLoss => FoldLosses.Average();
    public double MeanMetric => FoldMetrics.Average();
}
