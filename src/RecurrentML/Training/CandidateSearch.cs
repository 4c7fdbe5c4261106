using RecurrentML.Targets;
using System.Diagnostics;
using RecurrentML.Data;
using RecurrentML.Model;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Tries cells and poolings by K-fold cross-validation on the training rows, in the order given, within a time budget:
/// a candidate starts only while the time spent plus the mean time of a candidate so far fits the budget (the first
/// always runs). The best mean held-out metric wins; the lower mean held-out loss breaks ties.
/// </summary>
internal sealed record CandidateSearch(IReadOnlyList<RecurrentCell> Cells, IReadOnlyList<SequencePooling> Poolings, int Folds, TimeSpan? Budget)
{
    public (NetworkShape Shape, CrossFitResult CrossFit, IReadOnlyList<RecurrentEncoderCandidate> Table) Run(EncoderTrainer trainer,
        SequenceStore store, FoldAssignment folds, NetworkShape baseShape, RowLabel label, Device device, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var table = new List<RecurrentEncoderCandidate>();
        (NetworkShape Shape, CrossFitResult CrossFit, RecurrentEncoderCandidate Result) best = default;
        var candidates = Cells.SelectMany(cell => Poolings.Select(pooling => baseShape with { Cell = cell, Pooling = pooling })).ToList();
        foreach (var shape in candidates)
        {
            if (table.Count > 0 && Budget is TimeSpan budget && clock.Elapsed + clock.Elapsed / table.Count > budget)
            {
                log($"Candidate search: time budget {budget.TotalSeconds:F0} s reached after {table.Count} of {candidates.Count} candidates; the rest are not tried.");
                break;
            }
            var started = clock.Elapsed;
            var crossFit = CrossFitting.Run(trainer, store, folds, shape, label, device, log);
            var result = new RecurrentEncoderCandidate(shape.Cell, shape.Pooling, crossFit.FoldMetrics, crossFit.MeanMetric, crossFit.MeanLoss,
                (clock.Elapsed - started).TotalSeconds);
            table.Add(result);
            if (best.Result == null || IsBetter(result, best.Result, label.HigherMetricIsBetter)) best = (shape, crossFit, result);
        }
        log(Describe(table, best.Result, label.MetricName, Folds));
        return (best.Shape, best.CrossFit, table);
    }

    private static bool IsBetter(RecurrentEncoderCandidate candidate, RecurrentEncoderCandidate best, bool higherIsBetter) =>
        candidate.MeanMetric != best.MeanMetric
            ? higherIsBetter == candidate.MeanMetric > best.MeanMetric
            : candidate.MeanLoss < best.MeanLoss;

    private static string Describe(IReadOnlyList<RecurrentEncoderCandidate> table, RecurrentEncoderCandidate chosen, string metricName, int folds)
    {
        var lines = table.Select(c =>
            $"  {c.Cell,-5} {c.Pooling,-9} {metricName} {c.MeanMetric:F4} (folds {string.Join(", ", c.FoldMetrics.Select(m => m.ToString("F4")))}), " +
            $"loss {c.MeanLoss:F4}, {c.Seconds:F1} s{(c == chosen ? "  <- chosen" : "")}");
        return $"Candidate search, {folds}-fold cross-validation on the training rows:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
