// Fits the review classifier (tokens -> LSTM encoder -> logistic regression), exports it to ONNX with the encoder
// inside the graph, scores the test reviews with ONNX Runtime in this same program, and compares the two runtimes:
// agreement on every output column, and the time to score one review at a time.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RecurrentML;
using ReviewSentiment;

var mlContext = new MLContext(seed: 1);
string dataFolder = Path.Combine(AppContext.BaseDirectory, "Data");
var trainRows = ReviewFile.Read(Path.Combine(dataFolder, "training_data.tsv"));
var testRows = ReviewFile.Read(Path.Combine(dataFolder, "testing_data.tsv"));
Console.WriteLine($"Amazon fine-food reviews: {trainRows.Count} training, {testRows.Count} test.");
// Each epoch as it ends, and a progress bar inside it on a terminal.
using var progress = TrainingProgress.WriteToConsole(mlContext);

// recipe:start
// The ReviewSentiment sample also strips punctuation with NormalizeText(keepPunctuations: false); ML.NET cannot
// export that option to ONNX, so this pipeline tokenizes the raw text.
var pipeline = mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
    .Append(mlContext.Transforms.Lstm(new LstmOptions
    {
        OutputColumnName = "Encoding",
        InputColumnName = "Tokens",
        EmbeddingSize = 32,
        HiddenSize = 64,
        Pooling = SequencePooling.Max,
        MaxSequenceLength = 200,
        MaxEpochs = 4,
        LearningRate = 2e-3,
    }))
    .AppendCacheCheckpoint(mlContext)
    .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Encoding"));
var clock = Stopwatch.StartNew();
var model = pipeline.Fit(mlContext.Data.LoadFromEnumerable(trainRows));
Console.WriteLine($"Fitted in {clock.Elapsed.TotalSeconds:F1} s.");

// Only the Text column goes into the graph: the export data leaves the label out.
var testTexts = mlContext.Data.LoadFromEnumerable(testRows.Select(r => new ReviewText { Text = r.Text }));
string onnxPath = Path.GetFullPath("model.onnx");
using (var file = File.Create(onnxPath)) RecurrentOnnx.Export(mlContext, model, testTexts, file);
// recipe:end
Console.WriteLine($"Exported {onnxPath} ({new FileInfo(onnxPath).Length / 1024.0:F0} KiB).");

var mlnet = mlContext.Data.CreateEnumerable<ReviewScores>(model.Transform(testTexts), reuseRowObject: false).ToList();
using var session = new InferenceSession(onnxPath);
string[] outputs = { "Encoding.output", "Score.output", "Probability.output", "PredictedLabel.output" };

// ML.NET's tokenizer export reshapes its output to one row, so a text graph scores one review per call.
ReviewScores ScoreWithOnnxRuntime(string text)
{
    var input = NamedOnnxValue.CreateFromTensor("Text", new DenseTensor<string>(new[] { text }, new[] { 1, 1 }));
    using var results = session.Run(new[] { input }, outputs);
    var byName = results.ToDictionary(r => r.Name);
    return new ReviewScores
    {
        Encoding = byName["Encoding.output"].AsTensor<float>().ToArray(),
        Score = byName["Score.output"].AsTensor<float>().GetValue(0),
        Probability = byName["Probability.output"].AsTensor<float>().GetValue(0),
        PredictedLabel = byName["PredictedLabel.output"].AsTensor<bool>().GetValue(0),
    };
}

var onnx = testRows.Select(r => ScoreWithOnnxRuntime(r.Text)).ToList();
var pairs = mlnet.Zip(onnx).ToList();
double MaxDifference(Func<ReviewScores, IEnumerable<float>> values) =>
    pairs.Max(p => values(p.First).Zip(values(p.Second)).Max(v => (double)Math.Abs(v.First - v.Second)));
double Accuracy(IEnumerable<ReviewScores> scores) => scores.Zip(testRows).Average(p => p.First.PredictedLabel == p.Second.Label ? 1.0 : 0.0);

Console.WriteLine();
Console.WriteLine($"Agreement of ONNX Runtime with ML.NET on the {testRows.Count} test reviews:");
Console.WriteLine("| column | max abs difference | rows equal |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| Encoding ({mlnet[0].Encoding.Length} floats) | {MaxDifference(s => s.Encoding):E1} | |");
Console.WriteLine($"| Score | {MaxDifference(s => new[] { s.Score }):E1} | |");
Console.WriteLine($"| Probability | {MaxDifference(s => new[] { s.Probability }):E1} | |");
Console.WriteLine($"| PredictedLabel | | {pairs.Count(p => p.First.PredictedLabel == p.Second.PredictedLabel)} / {pairs.Count} |");
Console.WriteLine($"Test accuracy: ML.NET {Accuracy(mlnet):F3}, ONNX Runtime {Accuracy(onnx):F3}.");

// One review at a time, as a service answering single requests would: ML.NET's PredictionEngine against an ONNX
// Runtime session, each timed over every test review after an untimed pass over them all, so that both are measured
// as a long-running service sees them (.NET's tiered JIT has optimised the hot code; the encoder has cached its
// first layer's input products of the test reviews' words).
var engine = mlContext.Model.CreatePredictionEngine<ReviewText, ReviewScores>(model);
double MillisecondsPerReview(Action<string> score)
{
    foreach (var row in testRows) score(row.Text);
    var timer = Stopwatch.StartNew();
    foreach (var row in testRows) score(row.Text);
    return timer.Elapsed.TotalMilliseconds / testRows.Count;
}
double mlnetMilliseconds = MillisecondsPerReview(text => engine.Predict(new ReviewText { Text = text }));
double onnxMilliseconds = MillisecondsPerReview(text => ScoreWithOnnxRuntime(text));
Console.WriteLine();
Console.WriteLine($"One-review scoring, mean over {testRows.Count} reviews:");
Console.WriteLine("| runtime | ms per review |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| ML.NET PredictionEngine | {mlnetMilliseconds:F3} |");
Console.WriteLine($"| ONNX Runtime InferenceSession | {onnxMilliseconds:F3} |");

internal sealed class ReviewText
{
    public string Text { get; set; }
}

internal sealed class ReviewScores
{
    public float[] Encoding { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
    public bool PredictedLabel { get; set; }
}
