using RecurrentML.Targets;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using RecurrentML.Model;
using RecurrentML.Data;
using RecurrentML.Network;
using RecurrentML.Training;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>The default training as a user gets it: the budget and validation sizing seen in the history, the
/// schedule's rate reaching Adam, and the word-order task learnt in every fold of a small cross-validation.</summary>
public class TrainingDefaultsTests
{
    [Fact]
    public void Fifty_rows_train_on_all_rows_for_at_least_the_minimum_steps()
    {
        var mlContext = new MLContext(seed: 1);
        var reviews = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(50, seed: 1));
        var data = TestData.Tokens(mlContext).Fit(reviews).Transform(reviews);
        var options = new RnnOptions { InputColumnName = "Tokens", HiddenSize = 8, EmbeddingSize = 8, MinTrainingSteps = 60, Seed = 1 };
        using var encoder = mlContext.Transforms.Rnn(options).Fit(data);
        // 50 rows in batches of 32 are 2 steps per epoch: 30 epochs for 60 steps, none held out (5 < 50 rows).
        Assert.Equal(30, encoder.TrainingHistory.Count);
        Assert.All(encoder.TrainingHistory, epoch => Assert.True(double.IsNaN(epoch.ValidationLoss)));
    }

    [Fact]
    public void Setting_the_learning_rate_reaches_Adam()
    {
        // A rate of 0 leaves every weight where it was; the same step at 1e-2 moves them.
        var shape = new NetworkShape(RecurrentCell.Rnn, 11, 4, 6, 1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
        var settings = new TrainingSettings(MaxEpochs: 1, MinTrainingSteps: 1, MaxTrainingSteps: null, BatchSize: 2, LearningRate: 1e-2,
            Schedule: LearningRateSchedule.Constant, WeightDecay: 0, GradientClipNorm: 0, ValidationFraction: 0, MinValidationRows: 50,
            EarlyStopping: EarlyStoppingCriterion.ValidationMetric, EarlyStoppingPatience: 1, Dropout: 0, Seed: 1, Threads: 1,
            GateBiases: GateInitialization.Uniform, ChronoMaxTimescale: 3);
        var objective = new BooleanLabel();
        using var setup = new TrainingSetup(shape, objective.Outputs, settings, torch.CPU, _ => { });
        using var step = new TrainStep(setup.Network, setup.Head, objective, torch.CPU, settings);
        var batch = PaddedBatch.FromTokens(2, i => new[] { 1 + i, 2, 3 }.AsMemory());
        float[] Weights() => setup.Network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

        var before = Weights();
        step.SetLearningRate(0);
        step.Run(batch, new[] { 0f, 1f });
        Assert.Equal(before, Weights());
        step.SetLearningRate(1e-2);
        step.Run(batch, new[] { 0f, 1f });
        Assert.NotEqual(before, Weights());
    }

    [Fact]
    public void Word_order_is_learnt_in_every_fold_of_a_3_fold_cross_validation_on_600_rows()
    {
        // Issue 12's small-data case: 400 training rows per fold, default options (only the columns named); before
        // the step floor, these folds scored 0.55, 0.59 and 0.48.
        var mlContext = new MLContext(seed: 1);
        var pipeline = TestData.Tokens(mlContext)
            .Append(mlContext.Transforms.Lstm("Features", "Tokens"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }));
        var folds = mlContext.BinaryClassification.CrossValidate(mlContext.Data.LoadFromEnumerable(TestData.Negation(600, seed: 1)), pipeline, 3);
        Assert.All(folds, fold => Assert.True(fold.Metrics.Accuracy >= 0.85, $"fold accuracies {string.Join(", ", folds.Select(f => f.Metrics.Accuracy.ToString("F3")))}"));
    }
}
