using System.Diagnostics;
using Microsoft.ML;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (2): one epoch of a full ML.NET <c>Fit</c> over rows in an <see cref="IDataView"/>: reading the column,
/// storing and bucketing the rows, and every train step. The ratio to (1) is the pipeline's overhead. Since this
/// machine's speed drifts, each round times (1)'s step right before and right after its Fit (mean of both), and the
/// caller takes the median round.
/// </summary>
internal static class PipelineFitBenchmark
{
    public sealed record Result(int Rows, int Batches, double FitSeconds, double EpochSeconds, double StepMilliseconds)
    {
        public double Overhead => FitSeconds / (Batches * StepMilliseconds / 1000);
    }

    public static List<Result> Measure(RecurrentCell cell, int batches, int rounds, int threads)
    {
        WarmUp(cell, threads);
        return Enumerable.Range(0, rounds).Select(_ => MeasureRound(cell, batches, threads)).ToList();
    }

    private static Result MeasureRound(RecurrentCell cell, int batches, int threads)
    {
        double before = TrainStepBenchmark.Measure(cell, warmup: 3, steps: 10, threads).Mean;
        var mlContext = new MLContext(seed: 1);
        int rows = batches * StandardConfig.Batch;
        var data = TokenRows.Load(mlContext, TokenRows.Fixed(rows, StandardConfig.Length, seed: 4));
        var estimator = StandardEncoder.Create(mlContext, cell, threads);
        var clock = Stopwatch.StartNew();
        using var encoder = estimator.Fit(data);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        double after = TrainStepBenchmark.Measure(cell, warmup: 3, steps: 10, threads).Mean;
        return new Result(rows, batches, fitSeconds, encoder.TrainingHistory.Single().Seconds, (before + after) / 2);
    }

    /// <summary>One tiny Fit first, so the measured one does not include the process's one-time JIT compilation of
    /// ML.NET's data path and the estimator (as (1) does not include its warm-up steps).</summary>
    private static void WarmUp(RecurrentCell cell, int threads)
    {
        var mlContext = new MLContext(seed: 1);
        var data = TokenRows.Load(mlContext, TokenRows.Fixed(StandardConfig.Batch, StandardConfig.Length, seed: 3));
        using var encoder = StandardEncoder.Create(mlContext, cell, threads, maxTrainingSteps: 1).Fit(data);
    }
}
