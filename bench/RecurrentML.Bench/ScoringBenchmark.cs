using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Bench;

/// <summary>
/// Measures (4) and (5): batched <c>Transform</c> throughput against a loop of single-row
/// <c>PredictionEngine.Predict</c> calls on the same rows (review lengths of the Amazon data), and the latency of one
/// Predict call on a 50-token review. The encoder is a standard encoder of the given cell (hidden 128) fitted briefly:
/// speed does not depend on the weights' values.
/// </summary>
internal sealed class ScoringBenchmark : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly RecurrentEncoderTransformer _encoder;

    public ScoringBenchmark(RecurrentCell cell, int threads)
    {
        var training = TokenRows.Load(_mlContext, TokenRows.Fixed(640, StandardConfig.Length, seed: 6));
        _encoder = StandardEncoder.Create(_mlContext, cell, threads, maxSequenceLength: 256, maxTrainingSteps: 10).Fit(training);
    }

    public sealed record Throughput(int Rows, double TransformRowsPerSecond, double PredictRowsPerSecond);

    public Throughput MeasureThroughput(int[] lengths, int predictRows)
    {
        var rows = TokenRows.WithLengths(lengths, seed: 7).ToArray();
        var data = TokenRows.Load(_mlContext, rows);
        ReadEncodings(_encoder.Transform(TokenRows.Load(_mlContext, rows.Take(256)))); // warm-up
        var clock = Stopwatch.StartNew();
        int read = ReadEncodings(_encoder.Transform(data));
        double transformRate = read / clock.Elapsed.TotalSeconds;

        using var engine = CreateEngine();
        for (int i = 0; i < 20; i++) engine.Predict(rows[i]);
        clock.Restart();
        for (int i = 0; i < predictRows; i++) engine.Predict(rows[i]);
        return new Throughput(read, transformRate, predictRows / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Milliseconds per Predict call on one 50-token review.</summary>
    public StepTimes MeasureLatency(int warmup, int calls)
    {
        var review = TokenRows.Fixed(1, 50, seed: 8).Single();
        using var engine = CreateEngine();
        var output = new EncodedRow();
        return StepTimes.Measure(warmup, calls, _ => engine.Predict(review, ref output));
    }

    // An engine disposes the transformer it owns (ML.NET's default); this one is shared by several engines.
    private PredictionEngine<TokenRow, EncodedRow> CreateEngine() =>
        _mlContext.Model.CreatePredictionEngine<TokenRow, EncodedRow>(_encoder,
            new PredictionEngineOptions { InputSchemaDefinition = TokenRows.Schema(), OwnsTransformer = false });

    private static int ReadEncodings(IDataView scored)
    {
        var column = scored.Schema["Features"];
        using var cursor = scored.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        int rows = 0;
        for (; cursor.MoveNext(); rows++) getter(ref value);
        return rows;
    }

    public void Dispose() => _encoder.Dispose();
}
