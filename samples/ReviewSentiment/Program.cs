// Review sentiment with a recurrent encoder inside an ML.NET pipeline. Data: Amazon fine-food reviews
// (Data/SOURCE.md); the label is whether the reviewer gave 5 stars.
//   dotnet run --project samples/ReviewSentiment                          the demonstration: one LSTM pipeline trained
//       and tested, a few predictions explained, the explanations page, the model saved and reloaded (output/)
//   dotnet run -c Release --project samples/ReviewSentiment -- --compare   the full comparison: the LSTM beside
//       ML.NET's n-gram baseline, pretraining, the two joined and the pooling methods (results/, README.md)
using Microsoft.ML;
using RecurrentML;
using ReviewSentiment;

var mlContext = new MLContext(seed: 1);
string dataFolder = Path.Combine(AppContext.BaseDirectory, "Data");
var trainRows = ReviewFile.Read(Path.Combine(dataFolder, "training_data.tsv"));
var testRows = ReviewFile.Read(Path.Combine(dataFolder, "testing_data.tsv"));
var train = mlContext.Data.LoadFromEnumerable(trainRows);
var test = mlContext.Data.LoadFromEnumerable(testRows);
Console.WriteLine($"Amazon fine-food reviews: {trainRows.Count} training, {testRows.Count} test; " +
                  $"always predicting 5 stars scores {testRows.Average(r => r.Label ? 1.0 : 0.0):F3} accuracy.");

if (args.Contains("--compare"))
{
    string resultsFolder = Path.Combine(ProjectFolder(), "results");
    Directory.CreateDirectory(resultsFolder);
    using var comparisonProgress = TrainingProgress.WriteToConsole(mlContext);
    FullComparison.Run(mlContext, train, test, testRows, resultsFolder);
    return;
}

string outputFolder = Path.Combine(ProjectFolder(), "output");
Directory.CreateDirectory(outputFolder);
string modelPath = Path.Combine(outputFolder, "model.zip");

// recipe:start
// The library's default LSTM, pooled with attention so that each review's weights per word explain its prediction.
// The words stay in a column of their own, so that each weight can be shown beside its word.
var pipeline = mlContext.Transforms.Text.NormalizeText("Normalized", "Text", keepPunctuations: false)
    .Append(mlContext.Transforms.Text.TokenizeIntoWords("Words", "Normalized"))
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens", "Words"))
    .Append(mlContext.Transforms.Lstm(new LstmOptions
    {
        InputColumnName = "Tokens",
        OutputColumnName = "Encoding",
        Pooling = SequencePooling.Attention,
        AttentionWeightsColumnName = "Attention",
        // One torch thread: on 2 cores shared with other jobs, torch's two threads waiting spinning for each other
        // made this sample's epochs 74-98 s long, one thread 10-20 s.
        NumberOfThreads = 1,
        // The best epoch by validation accuracy comes early on 3,600 reviews; two epochs without a better one end
        // training (the default waits five), and the best epoch's weights are kept either way.
        EarlyStoppingPatience = 2,
    }))
    .AppendCacheCheckpoint(mlContext) // L-BFGS reads the encodings many times: each review is encoded once
    .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Encoding"));

ITransformer model;
using (TrainingProgress.WriteToConsole(mlContext)) // each epoch as it ends, and a bar inside it
    model = pipeline.Fit(train);
var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(test));
Console.WriteLine($"Test accuracy {metrics.Accuracy:F3}, AUC {metrics.AreaUnderRocCurve:F3}, F1 {metrics.F1Score:F3} ({testRows.Count} reviews)");

mlContext.Model.Save(model, train.Schema, modelPath);
var reloaded = mlContext.Model.Load(modelPath, out _);
var engine = mlContext.Model.CreatePredictionEngine<Review, ReviewPrediction>(reloaded);
var prediction = engine.Predict(new Review { Text = "The coffee arrived stale and tasted burnt. Not worth the price." });
Console.WriteLine($"Five stars: {prediction.PredictedLabel} (probability {prediction.Probability:F2})");
// recipe:end

ReloadCheck.RequireSamePredictions(mlContext, model, engine, testRows);
Console.WriteLine($"Saved {modelPath}, loaded it back: its predictions of the {testRows.Count} test reviews equal the fitted model's.");

// What the attention LSTM weighed most in a few test reviews, and a page with twelve of them.
var explained = new Explanations(mlContext, model).Explain(testRows);
Console.WriteLine();
Console.WriteLine("Words the LSTM weighed most, in the first test reviews of 10 to 60 words:");
foreach (var e in explained.Where(e => e.Words.Length is >= 10 and <= 60).Take(5))
    Console.WriteLine($"  true {Stars(e.Review.Label)}, predicted {Stars(e.Predicted)} (p = {e.Probability:F2}): " +
                      string.Join(", ", e.Top(3).Select(t => $"{t.Word} ({t.Weight:F2})")));
string page = Path.Combine(outputFolder, "explanations.html");
File.WriteAllText(page, Explanations.Html(explained.Where(e => e.Words.Length is >= 15 and <= 80).Take(12),
    Explanations.TopWords(explained, count: 25, minimumCount: 5), "What an attention LSTM kept of Amazon fine-food reviews"));
Console.WriteLine($"Wrote {page}");

static string Stars(bool fiveStars) => fiveStars ? "5 stars" : "1-4 stars";

// The sample's own folder (results are kept beside the code), found from the build output.
static string ProjectFolder()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        if (File.Exists(Path.Combine(directory.FullName, "ReviewSentiment.csproj"))) return directory.FullName;
    throw new DirectoryNotFoundException($"ReviewSentiment.csproj not found above {AppContext.BaseDirectory}.");
}
