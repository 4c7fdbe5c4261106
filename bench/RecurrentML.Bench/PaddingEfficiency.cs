using RecurrentML.Data;
using RecurrentML.Encoders;
using RecurrentML.Network;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (6): real tokens / tokens computed, where a batch computes rows x its longest row (the padded tensor the
/// network is given), for the batches the library itself forms: the training planner's length buckets, and the
/// scoring path's blocks cut into length-sorted batches. Random batches (no bucketing) are shown for comparison.
/// </summary>
internal static class PaddingEfficiency
{
    public sealed record Result(double Training, double Scoring, double Unbucketed);

    public static Result Measure(int[] lengths, int maxSequenceLength)
    {
        int[] steps = lengths.Select(l => Math.Clamp(l, 1, maxSequenceLength)).ToArray();
        var rows = Enumerable.Range(0, steps.Length).ToArray();
        int stepsOf(int row) => steps[row];

        var training = new BatchPlanner(StandardConfig.Batch, seed: 1).PlanEpoch(rows, stepsOf);
        var scoring = rows.Chunk(EncodingDataView.BlockSize).SelectMany(block => BatchPlanner.PlanInOrder(block, stepsOf, BatchEncoder.ScoringBatchSize));
        var shuffled = rows.ToArray();
        new Random(1).Shuffle(shuffled);
        return new Result(Efficiency(training, steps), Efficiency(scoring, steps), Efficiency(shuffled.Chunk(StandardConfig.Batch), steps));
    }

    private static double Efficiency(IEnumerable<int[]> batches, int[] steps)
    {
        long real = 0, computed = 0;
        foreach (var batch in batches)
        {
            real += batch.Sum(r => (long)steps[r]);
            computed += (long)batch.Length * batch.Max(r => steps[r]);
        }
        return (double)real / computed;
    }
}
