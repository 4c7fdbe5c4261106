using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The encoders read word order: on a task whose two classes have the same bags of words, training loss falls
/// and held-out accuracy far exceeds what a bag of words can reach.</summary>
public class WordOrderTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm)]
    [InlineData(RecurrentCell.Gru)]
    public void Training_loss_falls_where_only_word_order_tells_the_classes_apart(RecurrentCell cell)
    {
        var mlContext = new MLContext(seed: 1);
        var model = TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, cell, o => { o.MaxEpochs = 12; o.HiddenSize = 24; o.Dropout = 0; o.EarlyStoppingPatience = 12; }))
            .Fit(mlContext.Data.LoadFromEnumerable(TestData.Negation(800, seed: 1)));
        var history = model.LastTransformer.TrainingHistory;

        Assert.True(history[^1].TrainingLoss < 0.5 * history[0].TrainingLoss,
            $"training loss went from {history[0].TrainingLoss:F3} to {history[^1].TrainingLoss:F3}");
        Assert.True(history.Max(r => r.ValidationMetric) >= 0.9, $"best validation accuracy {history.Max(r => r.ValidationMetric):F3}");
    }

    [Fact]
    public void A_bag_of_words_cannot_solve_the_word_order_task()
    {
        // The control: the same data through ML.NET's bag-of-words featurizer stays near chance, so the encoders'
        // accuracy above comes from order.
        var mlContext = new MLContext(seed: 1);
        var pipeline = mlContext.Transforms.Text.FeaturizeText("Features", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 1 },
            CharFeatureExtractor = null,
        }, "Text").Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(mlContext.Data.LoadFromEnumerable(TestData.Negation(800, seed: 1)));
        var metrics = mlContext.BinaryClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(TestData.Negation(400, seed: 2))));
        Assert.True(metrics.Accuracy < 0.7, $"bag-of-words accuracy {metrics.Accuracy:F3}");
    }
}
