using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>ScoreColumnName: the encoder adds its training head's prediction; with CrossFitFolds the rows it was
/// fitted on get out-of-fold scores, which is what a trainer joining the encoder with n-grams should learn from.</summary>
public class ScoreColumnTests
{
    private static LstmOptions Options(Action<LstmOptions> configure = null)
    {
        // The default step budget (MaxEpochs null): a fixed epoch count of a few epochs stops on the loss plateau.
        var options = SmallOptions.Of(new LstmOptions { ScoreColumnName = "EncoderScore" }, hidden: 16);
        options.MaxEpochs = null;
        configure?.Invoke(options);
        return options;
    }

    private static float[][] Scores(ITransformer encoder, IDataView data) => encoder.Transform(data).GetColumn<float[]>("EncoderScore").ToArray();

    private static double SignAccuracy(float[][] scores, IReadOnlyList<Review> rows) =>
        scores.Zip(rows).Average(p => p.First[0] > 0 == p.Second.Label ? 1.0 : 0.0);

    [Fact]
    public void The_score_is_the_heads_logit_and_agrees_across_Transform_PredictionEngine_and_a_reloaded_model()
    {
        var mlContext = new MLContext(seed: 1);
        var train = TestData.Sentiment(300, seed: 1);
        var test = TestData.Sentiment(200, seed: 2);
        var model = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(Options())).Fit(mlContext.Data.LoadFromEnumerable(train));
        var testView = mlContext.Data.LoadFromEnumerable(test);
        var scores = Scores(model, testView);

        Assert.All(scores, s => Assert.Single(s));
        // A logit: positive for the label true. The task (one sentiment word among fillers) is easy.
        Assert.True(SignAccuracy(scores, test) >= 0.9, $"sign of the score matched the label on {SignAccuracy(scores, test):F3} of the test rows");

        var engine = mlContext.Model.CreatePredictionEngine<Review, EncoderScored>(model);
        for (int i = 0; i < 20; i++) Assert.Equal(scores[i][0], engine.Predict(test[i]).EncoderScore[0], 1e-5);

        using var stream = new MemoryStream();
        mlContext.Model.Save(model, null, stream);
        stream.Position = 0;
        var reloaded = Scores(mlContext.Model.Load(stream, out _), testView);
        for (int i = 0; i < scores.Length; i++) Assert.Equal(scores[i][0], reloaded[i][0], 1e-6);
    }

    [Fact]
    public void A_key_label_gets_one_score_per_class()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(90, seed: 3).Select((r, i) => new ClassedText { Text = r.Text, Class = $"class{i % 3}" }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var model = mlContext.Transforms.Conversion.MapValueToKey("Label", "Class").Append(TestData.Tokens(mlContext))
            .Append(mlContext.Transforms.Lstm(Options(o => o.MaxEpochs = 1))).Fit(data);
        var transformed = model.Transform(data);
        Assert.Equal(3, ((VectorDataViewType)transformed.Schema["EncoderScore"].Type).Size);
        Assert.All(transformed.GetColumn<float[]>("EncoderScore"), s => Assert.Equal(3, s.Length));
    }

    [Fact]
    public void With_cross_fitting_the_fitted_view_gets_out_of_fold_scores_that_still_predict_the_label()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(300, seed: 4);
        var tokens = TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(rows));
        var fitted = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows));
        using var encoder = mlContext.Transforms.Lstm(Options(o => o.CrossFitFolds = 3)).Fit(fitted);

        var outOfFold = Scores(encoder, fitted);
        var full = Scores(encoder, tokens.Transform(mlContext.Data.LoadFromEnumerable(rows)));
        Assert.All(outOfFold.Zip(full), p => Assert.NotEqual(p.Second[0], p.First[0]));
        // Each fold's head scores rows its network never saw, on the same scale as the others': one trainer can read them all.
        Assert.True(SignAccuracy(outOfFold, rows) >= 0.85, $"out-of-fold scores matched the label on {SignAccuracy(outOfFold, rows):F3} of the rows");
    }

    [Fact]
    public void N_grams_joined_with_the_out_of_fold_score_beat_the_n_grams_alone_where_word_order_matters()
    {
        // The recipe of the README on the negation task: a bag of words alone stays near chance (WordOrderTests); the
        // encoder's out-of-fold score brings the word order in, and the trainer weighs it by how it does on unseen rows.
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(TestData.Negation(600, seed: 1));
        var test = mlContext.Data.LoadFromEnumerable(TestData.Negation(400, seed: 2));
        IEstimator<ITransformer> Words() => mlContext.Transforms.Text.FeaturizeText("Words", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 1 },
            CharFeatureExtractor = null,
        }, "Text");
        var wordsAlone = Words().Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Words")).Fit(train);
        var combined = Words().Append(TestData.Tokens(mlContext))
            .Append(mlContext.Transforms.Lstm(Options(o => { o.OutputColumnName = "Encoding"; o.CrossFitFolds = 3; o.MaxEpochs = 12; o.Dropout = 0; })))
            .Append(mlContext.Transforms.Concatenate("Features", "Words", "EncoderScore"))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(train);

        double alone = mlContext.BinaryClassification.Evaluate(wordsAlone.Transform(test)).Accuracy;
        double joined = mlContext.BinaryClassification.Evaluate(combined.Transform(test)).Accuracy;
        Assert.True(alone < 0.7, $"words alone {alone:F3}");
        Assert.True(joined >= 0.85, $"words and the out-of-fold score {joined:F3}, words alone {alone:F3}");
    }

    [Fact]
    public void A_score_column_named_like_another_added_column_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new MLContext().Transforms.Lstm(new LstmOptions { ScoreColumnName = "Features" }));
        Assert.Contains("ScoreColumnName", error.Message);
    }

    private sealed class EncoderScored
    {
        public float[] EncoderScore { get; set; }
    }

    private sealed class ClassedText
    {
        public string Text { get; set; }
        public string Class { get; set; }
    }
}
