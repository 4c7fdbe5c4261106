using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;
using RecurrentML.Plotting;

namespace ReviewSentiment;

/// <summary>
/// The sample's full comparison (<c>--compare</c>): the default LSTM, the LSTM pretrained as a language model, ML.NET's
/// n-gram baseline and the two joined, then each pooling method chosen on a validation split, and what the attention
/// LSTM kept of the test reviews with a faithfulness check. Writes results/ (history, explanations page).
/// </summary>
public static class FullComparison
{
    public static void Run(MLContext mlContext, IDataView train, IDataView test, IReadOnlyList<Review> testRows, string resultsFolder)
    {
        // The words stay in a column of their own, so that explanations can show which word each attention weight belongs to.
        IEstimator<ITransformer> TokenKeys() =>
            mlContext.Transforms.Text.NormalizeText("Normalized", "Text", keepPunctuations: false)
                .Append(mlContext.Transforms.Text.TokenizeIntoWords("Words", "Normalized"))
                .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens", "Words"));

        // The encoder with its default options (bench/quality chose them by cross-validation on training data); only the
        // columns are named, and the pooling when the comparison below asks for one.
        RecurrentEncoderEstimator Lstm(SequencePooling? pooling = null, int crossFitFolds = 0, bool pretrained = false)
        {
            var options = new LstmOptions { OutputColumnName = "Encoding", InputColumnName = "Tokens" };
            // ULMFiT's recipe: first a language model on the training reviews' text (labels unused), whose embedding and LSTM
            // layer the encoder then starts from; 600 steps (about 4.5 passes over the reviews) keep it to a few minutes.
            if (pretrained) options.LanguageModelPretraining = new LanguageModelOptions { MaxTrainingSteps = 600 };
            if (crossFitFolds > 0) (options.CrossFitFolds, options.ScoreColumnName) = (crossFitFolds, "EncoderScore");
            if (pooling is { } chosen) options.Pooling = chosen;
            if (pooling == SequencePooling.Attention) options.AttentionWeightsColumnName = "Attention";
            return mlContext.Transforms.Lstm(options);
        }

        IEstimator<ITransformer> NGrams() => mlContext.Transforms.Text.FeaturizeText("NGrams", "Text");

        (ITransformer Model, string Seconds) FitTimed(string name, IEstimator<ITransformer> pipeline, IDataView data)
        {
            Console.WriteLine($"Training: {name}");
            var clock = Stopwatch.StartNew();
            var model = pipeline.Fit(data);
            return (model, $"{clock.Elapsed.TotalSeconds:F1}");
        }

        var results = new List<(string Name, CalibratedBinaryClassificationMetrics Metrics, string Seconds)>();

        // The trainers read their features many times: a cache checkpoint encodes each review once.
        const string LstmName = "LSTM encoder + L-BFGS logistic regression";
        var (lstmModel, lstmSeconds) = FitTimed(LstmName, TokenKeys().Append(Lstm()).AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Encoding")), train);
        results.Add((LstmName, mlContext.BinaryClassification.Evaluate(lstmModel.Transform(test)), lstmSeconds));

        // The same pipeline with the encoder pretrained as a language model on the training reviews.
        const string PretrainedName = "LSTM encoder pretrained as a language model + L-BFGS";
        var (pretrainedModel, pretrainedSeconds) = FitTimed(PretrainedName, TokenKeys().Append(Lstm(pretrained: true)).AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Encoding")), train);
        results.Add((PretrainedName, mlContext.BinaryClassification.Evaluate(pretrainedModel.Transform(test)), pretrainedSeconds));

        const string BaselineName = "n-gram FeaturizeText + SDCA logistic regression (ML.NET baseline)";
        var (baseline, baselineSeconds) = FitTimed(BaselineName, NGrams().AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(featureColumnName: "NGrams")), train);
        results.Add((BaselineName, mlContext.BinaryClassification.Evaluate(baseline.Transform(test)), baselineSeconds));

        // The combination recipe (README, "Joining the encoder with n-grams"): the n-grams beside the LSTM's score column (its
        // own prediction), and with CrossFitFolds the trainer learns from out-of-fold scores of the training reviews (each made
        // by an LSTM that never saw the review), so it weighs the score by how well it does on unseen reviews, as it will be
        // used. The encoder is trained 1 + 3 times.
        const string CombinedName = "n-grams and out-of-fold LSTM score + SDCA logistic regression";
        var (combined, combinedSeconds) = FitTimed(CombinedName, NGrams().Append(TokenKeys()).Append(Lstm(crossFitFolds: 3))
            .Append(mlContext.Transforms.Concatenate("Features", "NGrams", "EncoderScore")).AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression()), train);
        results.Add((CombinedName, mlContext.BinaryClassification.Evaluate(combined.Transform(test)), combinedSeconds));

        Console.WriteLine();
        Console.WriteLine($"| {"pipeline",-66} | accuracy |   AUC  |   F1   |  training s  |");
        Console.WriteLine($"|{new string('-', 68)}|---------:|-------:|-------:|-------------:|");
        foreach (var (name, metrics, seconds) in results)
            Console.WriteLine($"| {name,-66} |  {metrics.Accuracy,6:F3}  | {metrics.AreaUnderRocCurve,6:F3} | {metrics.F1Score,6:F3} | {seconds,12} |");

        // The default LSTM's training history, epoch by epoch: a CSV and a chart (package RecurrentML.Plotting).
        var history = lstmModel.RecurrentEncoders()[0].TrainingHistory;
        history.SaveCsv(Path.Combine(resultsFolder, "lstm-history.csv"));
        TrainingHistoryChart.SavePng(history, Path.Combine(resultsFolder, "lstm-history.png"), "Default LSTM encoder on the Amazon reviews");
        Console.WriteLine($"Wrote {Path.Combine(resultsFolder, "lstm-history.csv")} and lstm-history.png");

        // Which pooling suits these reviews: each method fitted on 90% of the training reviews, chosen on the other 10%.
        var comparison = PoolingComparison.Run(mlContext, train, test, pooling => TokenKeys().Append(Lstm(pooling)).AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Encoding")), out int validationRows);
        var chosenPooling = comparison.MaxBy(r => r.ValidationAccuracy);
        Console.WriteLine();
        Console.WriteLine($"| LSTM pooling | validation accuracy ({validationRows} reviews) | test accuracy | training s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var r in comparison)
            Console.WriteLine($"| {r.Pooling}{(r == chosenPooling ? " (chosen on validation)" : "")} | {r.ValidationAccuracy:F3} | {r.TestAccuracy:F3} | {r.Seconds:F1} |");

        // What the attention LSTM kept of each review.
        var explanations = new Explanations(mlContext, comparison.Single(r => r.Pooling == SequencePooling.Attention).Model);
        var explained = explanations.Explain(testRows);
        Console.WriteLine();
        Console.WriteLine("Words the attention LSTM weighed most, in the first test reviews:");
        foreach (var e in explained.Where(e => e.Words.Length is >= 10 and <= 60).Take(5))
            Console.WriteLine($"  {(e.Review.Label ? "5 stars  " : "1-4 stars")} p = {e.Probability:F2}: {string.Join(", ", e.Top(3).Select(t => $"{t.Word} ({t.Weight:F2})"))}");
        var (topK, randomK) = explanations.Comprehensiveness(explained, k: 3, randomDraws: 5, seed: 1);
        Console.WriteLine($"Faithfulness (ERASER comprehensiveness, {explained.Count} test reviews): deleting each review's 3 highest-weighted words " +
                          $"moves the predicted probability by {topK:F3} on average; deleting 3 random words by {randomK:F3}.");
        var topWords = Explanations.TopWords(explained, count: 25, minimumCount: 5);
        Console.WriteLine($"Top words over the test reviews (relative weight): {string.Join(", ", topWords.Take(12).Select(t => $"{t.Word} {t.Weight:F1}"))}");
        string page = Path.Combine(resultsFolder, "explanations.html");
        File.WriteAllText(page, Explanations.Html(explained.Where(e => e.Words.Length is >= 15 and <= 80).Take(12), topWords,
            "What an attention LSTM kept of Amazon fine-food reviews"));
        Console.WriteLine($"Wrote {page}");
    }
}
