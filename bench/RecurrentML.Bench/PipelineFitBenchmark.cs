using System.Diagnostics;
using Microsoft.ML;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (2): one epoch of a full ML.NET <c>Fit</c> over rows in an <see cref="IDataView"/>: reading the column,
/// storing and bucketing the rows, and every train step. The ratio to (1) is the pipeline's overhead.
/// </summary>
internal static class PipelineFitBenchmark
{
    public sealed record Result(int Rows, int Batches, double FitSeconds, double EpochSeconds);

    public static Result Measure(RecurrentCell cell, int batches, int threads)
    {
        var mlContext = new MLContext(seed: 1);
        int rows = batches * StandardConfig.Batch;
        var data = TokenRows.Load(mlContext, TokenRows.Fixed(rows, StandardConfig.Length, seed: 4));
        var estimator = StandardEncoder.Create(mlContext, cell, threads);
        var clock = Stopwatch.StartNew();
        using var encoder = estimator.Fit(data);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        return new Result(rows, batches, fitSeconds, encoder.TrainingHistory.Single().Seconds);
    }
}
