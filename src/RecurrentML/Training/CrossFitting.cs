using RecurrentML.Targets;
using RecurrentML.Data;
using RecurrentML.Model;
using RecurrentML.Network;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// K-fold training: one network per fold, trained on the other folds, encodes and scores its own fold's rows, so every
/// row gets an encoding and scores from a network that never trained on it, and the head of each reports its loss and
/// metric on the fold it did not see. Out-of-fold values are what a trainer after the encoder should learn from (an
/// encoder fitted to a row encodes its label better than it ever will an unseen row's); the held-out metrics compare
/// candidates. The scores mean the same in every fold (each head predicts the label), the encodings do not (each
/// network orders its hidden units its own way), so the scores are the values to join with other features.
/// </summary>
internal static class CrossFitting
{
    public static CrossFitResult Run(EncoderTrainer trainer, SequenceStore store, FoldAssignment folds, NetworkShape shape,
        RowLabel label, Device device, Action<string> log)
    {
        int size = shape.EncodingSize, outputs = label.Outputs;
        var encodings = new float[store.Count * size];
        var scores = new float[store.Count * outputs];
        var losses = new double[folds.Count];
        var metrics = new double[folds.Count];
        for (int fold = 0; fold < folds.Count; fold++)
        {
            trainer.Cancellation.ThrowIfCancelled();
            int[] heldOut = folds.Rows(fold);
            log($"Cross-fitting {shape.Cell} ({shape.Pooling} pooling): fold {fold + 1} of {folds.Count}, {heldOut.Length} rows held out.");
            var trained = trainer.Train(store, folds.RowsOutside(fold), shape, label, device, heldOut: heldOut);
            using var encoder = new BatchEncoder(trained.Network, device);
            var foldEncodings = encoder.Encode(store, heldOut).Encodings;
            var foldScores = trained.Head.ApplyAll(foldEncodings, heldOut.Length);
            for (int i = 0; i < heldOut.Length; i++)
            {
                foldEncodings.AsSpan(i * size, size).CopyTo(encodings.AsSpan(heldOut[i] * size));
                foldScores.AsSpan(i * outputs, outputs).CopyTo(scores.AsSpan(heldOut[i] * outputs));
            }
            (losses[fold], metrics[fold]) = (trained.HeldOutLoss, trained.HeldOutMetric);
        }
        return new CrossFitResult(encodings, scores, losses, metrics);
    }
}

/// <summary>Out-of-fold encodings ([rows * encoding size], in store order) and scores ([rows * label outputs]) of
/// every stored row, and each fold's held-out loss and metric.</summary>
internal sealed record CrossFitResult(float[] Encodings, float[] Scores, double[] FoldLosses, double[] FoldMetrics)
{
    public double MeanLoss => FoldLosses.Average();
    public double MeanMetric => FoldMetrics.Average();
}
