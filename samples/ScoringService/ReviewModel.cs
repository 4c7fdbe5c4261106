using System.Diagnostics;
using Microsoft.ML;
using RecurrentML;

namespace ScoringService;

/// <summary>Trains the README's quick-start pipeline (default options) on the training reviews and saves it: the
/// model the service loads.</summary>
public static class ReviewModel
{
    public static void Train(string path)
    {
        var mlContext = new MLContext(seed: 1);
        var training = mlContext.Data.LoadFromEnumerable(ReviewFile.Read(ReviewFile.DataFile("training_data.tsv")));
        // recipe:start
        var pipeline = mlContext.Transforms.Text.NormalizeText("Normalized", "Text", keepPunctuations: false)
            .Append(mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
            .Append(mlContext.Transforms.Lstm("Features", "Tokens", labelColumnName: "Label"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
        Console.WriteLine("Training the quick-start LSTM pipeline on 4,000 reviews (default options)...");
        using var progress = TrainingProgress.WriteToConsole(mlContext);
        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(training);
        mlContext.Model.Save(model, training.Schema, path);
        // recipe:end
        Console.WriteLine($"Saved {path} ({clock.Elapsed.TotalSeconds:F0} s).");
    }
}
