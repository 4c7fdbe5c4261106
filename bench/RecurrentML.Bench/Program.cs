using System.Diagnostics;
using RecurrentML;
using RecurrentML.Bench;

// The RecurrentML benchmark (bench/README.md): measures 1-7 of issue 4, a markdown table on stdout and
// bench/results/latest.json. `--quick` is a one-minute smoke run.
if (args.Length > 0 && args[0] == MemoryBenchmark.ChildArgument) return MemoryBenchmark.RunChild(args);

string root = RepositoryRoot();
var options = BenchOptions.Parse(args, root);
var report = new BenchReport(options);
var total = Stopwatch.StartNew();
bool quick = options.Quick;
Console.WriteLine($"RecurrentML benchmark ({(quick ? "quick" : "full")}), {options.Threads} threads, {Environment.ProcessorCount} cores");

var cells = new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn };

// Which LSTM kernels this CPU gets (src/RecurrentML/Network/Kernels): the numbers below depend on it.
var kernels = LstmKernelReport.Describe();
report.Record("lstm_kernels", kernels);
report.Add("-", "CPU, and the LSTM kernels chosen for the standard layer", kernels.Summary);

// `--tagger` runs only the tagger's measure (10): Transform tokens/s on EWT test, beside a Predict loop, and one
// sentence's Predict latency beside the torch path's.
if (options.TaggerOnly)
{
    report.Record("load_average_before", File.ReadAllText("/proc/loadavg").Trim());
    var tagged = TaggerTransformBenchmark.Measure(Path.Combine(options.DataFolder, "ud-english-ewt"), options.Threads,
        trainingSteps: quick ? 20 : 200, rounds: quick ? 1 : 3, latencyStride: quick ? 4 : 1);
    report.Record("tagger_transform", tagged);
    report.Record("load_average_after", File.ReadAllText("/proc/loadavg").Trim());
    foreach (var result in tagged)
    {
        report.Add("10", $"tagger ({result.OutputLayer}) Transform, EWT test, {result.Tokens:N0} tokens (median of {result.TransformTokensPerSecond.Length} rounds)",
            $"{result.TransformTokensPerSecondMedian:N0} tokens/s (rounds {string.Join(", ", result.TransformTokensPerSecond.Select(r => r.ToString("N0")))})",
            ">= 20,000", result.TransformTokensPerSecondMedian >= 20_000);
        report.Add("10", $"tagger ({result.OutputLayer}) PredictionEngine loop, same sentences", $"{result.PredictTokensPerSecond:N0} tokens/s");
        report.Add("10", $"tagger ({result.OutputLayer}) one sentence's Predict (managed), p50 / p99 over {result.LatencySentences:N0} sentences",
            $"{result.PredictP50Ms:F3} / {result.PredictP99Ms:F3} ms", "p50 <= 1 ms", result.PredictP50Ms <= 1);
        report.Add("10", $"tagger ({result.OutputLayer}) one sentence on the torch path (before), p50 / p99, same sentences alternating",
            $"{result.TorchSentenceP50Ms:F3} / {result.TorchSentenceP99Ms:F3} ms");
        report.Add("10", $"tagger ({result.OutputLayer}) Transform vs Predict: tags differing / largest score difference",
            $"{result.TagsDiffering} / {result.MaxScoreDifference:E1}", "0 / <= 1e-5", result.TagsDiffering == 0 && result.MaxScoreDifference <= 1e-5);
        report.Add("10", $"tagger ({result.OutputLayer}) trained {result.TrainingSteps} steps ({result.FitSeconds:F0} s): test accuracy", $"{result.TestAccuracy:F4}");
    }
    return Finish(report, options, total);
}

// `--long-text` profiles the LSTM train step at the sizes of a quick-start fit on IMDB (bench/quality's imdb set):
// where a step's time goes on long reviews, with the default embedding and with 100-dimensional word vectors.
if (options.LongTextOnly)
{
    foreach (int embedding in new[] { 64, 100 })
    {
        var text = new LongText(embedding);
        var phases = TrainStepProfile.Measure(RecurrentCell.Lstm, warmup: 3, steps: quick ? 5 : 20, options.Threads, text);
        report.Record($"long_text_profile_embedding_{embedding}_ms", phases);
        double stepTotal = phases.Values.Sum();
        foreach (var (phase, ms) in phases)
            report.Add("11", $"Lstm step, {text.Rows} rows × {text.Length} steps, vocabulary {text.Vocabulary:N0}, embedding {embedding}: {phase}", $"{ms:F1} ms ({ms / stepTotal:P0})");
        report.Add("11", $"Lstm step, embedding {embedding}: sum of phase medians", $"{stepTotal:F1} ms; {text.Rows * text.Length / (stepTotal / 1000):N0} tokens/s");
    }
    return Finish(report, options, total);
}

var reviewLengths = ReviewLengths.Load(root);
var tenThousand = ReviewLengths.Sample(reviewLengths, 10_000, seed: 1);

// `--scoring` runs only the scoring measures (4, 5, 9).
if (!options.ScoringOnly)
{
    // (1) the library's train step; (3) the fraction of the matmul peak it reaches, in alternating rounds.
    var steps = new Dictionary<RecurrentCell, StepTimes>();
    foreach (var cell in cells)
    {
        var times = TrainStepBenchmark.Measure(cell, warmup: 3, steps: quick ? 5 : 30, options.Threads);
        steps[cell] = times;
        report.Add("1", $"{cell} train step (median, mean)", $"{times.Median:F1} ms, {times.Mean:F1} ms; {StandardConfig.TokensPerBatch / (times.Median / 1000):N0} tokens/s");
        var rounds = PeakFraction.Measure(cell, quick ? 2 : 6, options.Threads);
        report.Record($"peak_fraction_{cell}", rounds);
        double fraction = new StepTimes(rounds.Select(r => r.Fraction).ToArray()).Median;
        double gflops = TrainStepFlops.TrainStep(cell) / (new StepTimes(rounds.Select(r => r.StepMilliseconds).ToArray()).Median / 1000) / 1e9;
        report.Add("3", $"{cell} train step FLOP rate ({TrainStepFlops.TrainStep(cell) / 1e9:F2} GFLOP/step) / 1024x1024 matmul, same rounds",
            $"{gflops:F1} GFLOP/s; {fraction:P0} of peak (median of {rounds.Count} rounds, peak {rounds.Min(r => r.PeakGflops):F0}-{rounds.Max(r => r.PeakGflops):F0})",
            cell == RecurrentCell.Lstm ? ">= 50%" : "", cell == RecurrentCell.Lstm ? fraction >= 0.5 : null);
        double shapeFraction = new StepTimes(rounds.Select(r => r.StepShapeFraction).ToArray()).Median;
        report.Add("3", $"{cell} train step FLOP rate / 64x128 @ 128x512 matmul (its recurrent product's shape), same rounds",
            $"{shapeFraction:P0} (median of {rounds.Count} rounds, that shape {rounds.Min(r => r.StepShapeGflops):F0}-{rounds.Max(r => r.StepShapeGflops):F0} GFLOP/s)");
    }
    report.Record("train_step_ms", steps.ToDictionary(s => s.Key.ToString(), s => s.Value.Milliseconds));

    // (3) the machine's matrix-multiply throughput at the shapes that matter, after the train steps warmed the threads.
    var peak = MatMulPeak.Measure(options.Threads, repeats: quick ? 2 : 5);
    report.Record("matmul_gflops", peak);
    foreach (var (shape, gflops) in peak) report.Add("3", $"matmul {shape}", $"{gflops:F1} GFLOP/s");

    var profile = TrainStepProfile.Measure(RecurrentCell.Lstm, warmup: 3, steps: quick ? 5 : 20, options.Threads);
    report.Record("lstm_train_step_profile_ms", profile);
    foreach (var (phase, ms) in profile) report.Add("1", $"Lstm profile: {phase}", $"{ms:F2} ms");

    // (1) against PyTorch, run now on the same machine.
    string python = options.SkipReference ? null : PyTorchReference.FindPython(options.Python);
    if (python == null)
    {
        report.Add("1", "PyTorch reference", options.SkipReference ? "skipped (--no-reference)" : "not run: no python3 with torch (apt-get install python3-torch libopenblas0-pthread)");
    }
    else
    {
        var reference = PyTorchReference.Measure(python, Path.Combine(root, "bench", "reference", "pytorch_rnn.py"), quick ? 3 : 20, options.Threads);
        report.Record("pytorch_reference", reference);
        foreach (var result in reference)
        {
            var cell = Enum.Parse<RecurrentCell>(result.Cell, ignoreCase: true);
            double ratio = result.StepMillisecondsMedian / steps[cell].Median;
            report.Add("1", $"{cell} vs PyTorch {result.TorchVersion} (tokens/s ratio)",
                $"{ratio:F2}x (PyTorch {result.StepMillisecondsMedian:F1} ms/step, {result.TokensPerSecond:N0} tokens/s)",
                cell == RecurrentCell.Lstm ? ">= 2.5x" : "", cell == RecurrentCell.Lstm ? ratio >= 2.5 : null);
        }
    }

    // (2) the same work through ML.NET Fit, in rounds; the median round is reported.
    foreach (var cell in cells)
    {
        var rounds = PipelineFitBenchmark.Measure(cell, batches: quick ? 8 : 40, rounds: quick ? 1 : 3, options.Threads);
        report.Record($"fit_{cell}", rounds);
        var fit = rounds.OrderBy(r => r.Overhead).ElementAt(rounds.Count / 2);
        report.Add("2", $"{cell} ML.NET Fit, {fit.Rows:N0} rows, 1 epoch (median of {rounds.Count} rounds)",
            $"{fit.FitSeconds:F2} s (epoch loop {fit.EpochSeconds:F2} s); {fit.Batches} x (1)'s step {fit.StepMilliseconds:F1} ms: " +
            $"overhead {fit.Overhead:F3}x (rounds {string.Join(", ", rounds.Select(r => r.Overhead.ToString("F3")))})",
            "<= 1.10", fit.Overhead <= 1.10);
    }

    // (6) padding efficiency on the Amazon review lengths.
    var padding = PaddingEfficiency.Measure(tenThousand, maxSequenceLength: 256);
    report.Record("padding_efficiency", padding);
    report.Add("6", "padding efficiency, training (length buckets)", $"{padding.Training:F3}", ">= 0.90", padding.Training >= 0.90);
    report.Add("6", "padding efficiency, scoring (length-sorted blocks)", $"{padding.Scoring:F3}", ">= 0.90", padding.Scoring >= 0.90);
    report.Add("6", "padding efficiency, random batches (for comparison)", $"{padding.Unbucketed:F3}");

    // (8) each LSTM kernel's cost on this CPU, forced in turn.
    var kernelSpeeds = LstmKernelBenchmark.Measure(tenThousand, rows: quick ? 512 : 2048, rounds: quick ? 1 : 4, options.Threads);
    report.Record("lstm_kernel_speeds", kernelSpeeds);
    foreach (var speed in kernelSpeeds)
        report.Add("8", $"Lstm forced onto {speed.Kernel}: train step (median) / scoring review lengths",
            $"{speed.TrainStepMilliseconds:F1} ms / {speed.ScoringRowsPerSecond:N0} rows/s");

}

// (4) scoring throughput, LSTM.
using (var scoring = new ScoringBenchmark(RecurrentCell.Lstm, options.Threads))
{
    var rows = quick ? tenThousand[..1000] : tenThousand;
    var throughput = scoring.MeasureThroughput(rows, predictRows: quick ? 200 : rows.Length);
    report.Record("scoring_throughput", throughput);
    double speedup = throughput.TransformRowsPerSecond / throughput.PredictRowsPerSecond;
    report.Add("4", $"Transform, {throughput.Rows:N0} reviews", $"{throughput.TransformRowsPerSecond:N0} rows/s");
    report.Add("4", "PredictionEngine loop, same rows", $"{throughput.PredictRowsPerSecond:N0} rows/s");
    report.Add("4", "Transform / Predict loop", $"{speedup:F1}x", ">= 10x", speedup >= 10);
    report.Add("4", "where the time goes: torch network alone, same rows in memory, Transform's batches", $"{throughput.TorchNetworkRowsPerSecond:N0} rows/s");
    report.Add("4", "where the time goes: managed row scorer alone, same rows in memory, one by one", $"{throughput.RowScorerRowsPerSecond:N0} rows/s");
}

// (5) one-row latency, every cell, beside ONNX Runtime on the same encoder's exported graph in the same run.
var latencies = new Dictionary<string, object>();
foreach (var cell in cells)
{
    using var scoring = new ScoringBenchmark(cell, options.Threads);
    var latency = scoring.MeasureLatency(warmup: 50, callsPerRound: quick ? 50 : 500, rounds: 4);
    latencies[cell.ToString()] = new
    {
        predict_p50 = latency.Predict.Percentile(50), predict_p99 = latency.Predict.Percentile(99),
        onnx_runtime_p50 = latency.OnnxRuntime.Percentile(50), onnx_runtime_p99 = latency.OnnxRuntime.Percentile(99),
        torch_row_p50 = latency.TorchRow.Percentile(50), torch_row_p99 = latency.TorchRow.Percentile(99),
        onnx_max_difference = latency.OnnxMaxDifference, torch_max_difference = latency.TorchMaxDifference,
    };
    double p50 = latency.Predict.Percentile(50), onnxP50 = latency.OnnxRuntime.Percentile(50);
    report.Add("5", $"{cell} Predict p50 / p99, 50 tokens", $"{p50:F3} / {latency.Predict.Percentile(99):F3} ms", $"<= ONNX Runtime p50", p50 <= onnxP50);
    report.Add("5", $"{cell} ONNX Runtime p50 / p99, same encoder's graph", $"{onnxP50:F3} / {latency.OnnxRuntime.Percentile(99):F3} ms");
    report.Add("5", $"{cell} torch network, batch of one row, p50 / p99", $"{latency.TorchRow.Percentile(50):F3} / {latency.TorchRow.Percentile(99):F3} ms");
    report.Add("5", $"{cell} max difference from Predict: ONNX Runtime / torch", $"{latency.OnnxMaxDifference:E1} / {latency.TorchMaxDifference:E1}", "<= 1e-5",
        latency.OnnxMaxDifference <= 1e-5 && latency.TorchMaxDifference <= 1e-5);
}
report.Record("predict_latency_ms", latencies);

if (!options.ScoringOnly)
{
    // (7) memory of Fit on a large data set, in a child process.
    var memory = MemoryBenchmark.MeasureInChild(rows: quick ? 50_000 : 1_000_000, steps: quick ? 10 : 300, options.Threads);
    report.Record("fit_memory", memory);
    double peakGiB = memory.PeakWorkingSetBytes / (double)(1L << 30);
    report.Add("7", $"Fit peak working set, {memory.Rows:N0} rows x 100 tokens, {memory.Steps} steps",
        $"{peakGiB:F2} GiB (before Fit {memory.WorkingSetBeforeFitBytes / (double)(1L << 30):F2} GiB; Fit {memory.FitSeconds:F1} s)", "<= 2 GiB", peakGiB <= 2);

}

return Finish(report, options, total);

// The table on stdout and the JSON file, with the run's length.
static int Finish(BenchReport report, BenchOptions options, Stopwatch total)
{
    Console.WriteLine();
    Console.WriteLine(report.ToMarkdown());
    report.Record("seconds", total.Elapsed.TotalSeconds);
    report.WriteJson(options.OutputPath);
    Console.WriteLine($"Wrote {options.OutputPath} ({total.Elapsed.TotalSeconds:F0} s).");
    return 0;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        if (File.Exists(Path.Combine(directory.FullName, "RecurrentML.sln"))) return directory.FullName;
    throw new DirectoryNotFoundException($"RecurrentML.sln not found above {AppContext.BaseDirectory}; run the benchmark from its repository.");
}
