using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RecurrentML.Data;
using RecurrentML.Encoders;

namespace RecurrentML.Bench;

/// <summary>
/// Measures (4) and (5): batched <c>Transform</c> throughput against a loop of single-row
/// <c>PredictionEngine.Predict</c> calls on the same rows (review lengths of the Amazon data), and the latency of one
/// Predict call on a 50-token review, beside ONNX Runtime on the encoder's exported graph and the torch network on a
/// batch of one row (the path Predict took before the managed row scorer). The encoder is a standard encoder of the given cell (hidden 128) fitted briefly:
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

    /// <summary>Rows per second of <c>Transform</c> and of a <c>Predict</c> loop over the same rows, and, to show where
    /// their time goes, of the two scorers alone on the rows already read into memory: the torch network in the
    /// length-sorted batches Transform uses, and the managed row scorer Predict uses, one row after another.</summary>
    public sealed record Throughput(int Rows, double TransformRowsPerSecond, double PredictRowsPerSecond, double TorchNetworkRowsPerSecond,
        double RowScorerRowsPerSecond);

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
        double predictRate = predictRows / clock.Elapsed.TotalSeconds;

        // The rows as the encoder reads them (cut to its maximum length at its truncation side), already in memory.
        int longest = _encoder.MaxSequenceLength;
        var tokens = rows.Select(r => (_encoder.Truncation == TruncationSide.Start ? r.Tokens.TakeLast(longest) : r.Tokens.Take(longest))
            .Select(t => (int)t).ToArray()).ToArray();
        var store = new SequenceStore(_encoder.Sequence);
        foreach (var row in tokens) store.AddTokens(row, 0);
        clock.Restart();
        int block = EncodingDataView.BlockSize;
        for (int start = 0; start < tokens.Length; start += block)
            _encoder.Encoder.Encode(store, Enumerable.Range(start, Math.Min(block, tokens.Length - start)).ToArray());
        double torchRate = tokens.Length / clock.Elapsed.TotalSeconds;

        var encoding = new float[_encoder.EncodingSize];
        clock.Restart();
        for (int i = 0; i < predictRows; i++) _encoder.RowEncoder.EncodeTokens(tokens[i], encoding);
        double rowScorerRate = predictRows / clock.Elapsed.TotalSeconds;
        return new Throughput(read, transformRate, predictRate, torchRate, rowScorerRate);
    }

    /// <summary>One 50-token review scored by each runtime, in interleaved rounds so that the machine's drift reaches
    /// all of them alike: milliseconds per call, and the largest difference of ONNX Runtime's encoding from Predict's.</summary>
    public sealed record Latency(StepTimes Predict, StepTimes OnnxRuntime, StepTimes TorchRow, double OnnxMaxDifference, double TorchMaxDifference);

    public Latency MeasureLatency(int warmup, int callsPerRound, int rounds)
    {
        var review = TokenRows.Fixed(1, 50, seed: 8).Single();
        using var engine = CreateEngine();
        var output = new EncodedRow();

        using var onnx = new MemoryStream();
        RecurrentOnnx.Export(_mlContext, _encoder, TokenRows.Load(_mlContext, new[] { review }), onnx);
        using var session = new InferenceSession(onnx.ToArray());
        // The graph's inputs are the export data's columns: the tokens and the (unused) label.
        var input = new[]
        {
            NamedOnnxValue.CreateFromTensor("Tokens", new DenseTensor<uint>(review.Tokens, new[] { 1, review.Tokens.Length })),
            NamedOnnxValue.CreateFromTensor("Label", new DenseTensor<bool>(new[] { review.Label }, new[] { 1, 1 })),
        };
        var outputNames = new[] { "Features.output" };
        float[] ScoreOnnx()
        {
            using var results = session.Run(input, outputNames);
            return results.First().AsTensor<float>().ToArray();
        }

        var store = new SequenceStore(_encoder.Sequence);
        store.AddTokens(review.Tokens.Select(t => (int)t).ToArray(), 0);
        var storedRow = new[] { 0 };
        float[] ScoreTorch() => _encoder.Encoder.Encode(store, storedRow).Encodings;

        engine.Predict(review, ref output);
        double onnxDifference = output.Features.Zip(ScoreOnnx()).Max(p => (double)Math.Abs(p.First - p.Second));
        double torchDifference = output.Features.Zip(ScoreTorch()).Max(p => (double)Math.Abs(p.First - p.Second));
        var predict = new List<double>();
        var onnxTimes = new List<double>();
        var torchTimes = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            predict.AddRange(StepTimes.Measure(round == 0 ? warmup : 0, callsPerRound, _ => engine.Predict(review, ref output)).Milliseconds);
            onnxTimes.AddRange(StepTimes.Measure(round == 0 ? warmup : 0, callsPerRound, _ => ScoreOnnx()).Milliseconds);
            torchTimes.AddRange(StepTimes.Measure(round == 0 ? warmup : 0, callsPerRound, _ => ScoreTorch()).Milliseconds);
        }
        return new Latency(new StepTimes(predict.ToArray()), new StepTimes(onnxTimes.ToArray()), new StepTimes(torchTimes.ToArray()), onnxDifference, torchDifference);
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
