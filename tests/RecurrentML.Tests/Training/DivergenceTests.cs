using Microsoft.ML;
using RecurrentML.Data;
using RecurrentML.Network;
using RecurrentML.Tests.LanguageModels;
using RecurrentML.Training;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>A diverging training stops Fit with a message naming the epoch, the batch, the loss and its start value and
/// the options to change, and the batch that shows it is never applied. That normal training of every objective
/// passes the check is the rest of the suite.</summary>
public class DivergenceTests
{
    [Fact]
    public void A_learning_rate_of_1e4_stops_the_encoders_Fit_naming_the_epoch_batch_and_options()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 1));
        var data = TestData.Tokens(mlContext).Fit(rows).Transform(rows);
        var options = SmallOptions.Of(new LstmOptions());
        options.LearningRate = 1e4;
        var error = Assert.Throws<InvalidOperationException>(() => mlContext.Transforms.Lstm(options).Fit(data));
        Assert.Matches(@"^Training diverged in epoch \d+, batch \d+: the batch loss is [^ ]+, \d+ times its start value \(start value [^ ]+, the (first batch's loss|mean loss of the first \d+ batches)\)\. ", error.Message);
        Assert.Contains("Try a lower LearningRate (now 10000) or a lower GradientClipNorm (now 5)", error.Message);
    }

    [Fact]
    public void A_learning_rate_of_1e4_stops_the_language_models_Fit()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var options = LanguageModelTestData.Small(epochs: 8);
        options.LearningRate = 1e4;
        var error = Assert.Throws<InvalidOperationException>(() => LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(options)).Fit(rows));
        Assert.Matches(@"^Training diverged in epoch \d+, batch \d+: ", error.Message);
        Assert.Contains("LearningRate (now 10000)", error.Message);
    }

    [Fact]
    public void A_non_finite_loss_is_refused_before_the_update_so_the_weights_stay_finite()
    {
        var shape = new NetworkShape(RecurrentCell.Gru, 11, 4, 6, 1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
        var settings = new TrainingSettings(MaxEpochs: 1, MinTrainingSteps: 1, MaxTrainingSteps: null, BatchSize: 2, LearningRate: 1e-2,
            Schedule: LearningRateSchedule.Constant, WeightDecay: 0, GradientClipNorm: 0, ValidationFraction: 0, MinValidationRows: 50,
            EarlyStopping: EarlyStoppingCriterion.ValidationMetric, EarlyStoppingPatience: 1, Dropout: 0, Seed: 1, Threads: 1,
            GateBiases: GateInitialization.Uniform, ChronoMaxTimescale: 3);
        var objective = new MeanSquaredErrorObjective();
        using var setup = new TrainingSetup(shape, objective.Outputs, settings, torch.CPU, _ => { });
        using var step = new TrainStep(setup.Network, setup.Head, objective, torch.CPU, settings);
        var guard = new DivergenceGuard(settings);
        var batch = PaddedBatch.FromTokens(2, i => new[] { 1 + i, 2, 3 }.AsMemory());
        float[] Weights() => setup.Network.parameters().Concat(setup.Head.parameters()).SelectMany(p => p.data<float>().ToArray()).ToArray();

        step.Run(batch, new[] { 0f, 1f }, beforeUpdate: (loss, norm) => guard.Check(1, 1, loss, norm));
        var before = Weights();
        // An infinite label makes the loss and every gradient non-finite.
        var error = Assert.Throws<InvalidOperationException>(() =>
            step.Run(batch, new[] { float.PositiveInfinity, 1f }, beforeUpdate: (loss, norm) => guard.Check(1, 2, loss, norm)));
        Assert.StartsWith("Training diverged in epoch 1, batch 2: the batch loss is ", error.Message);
        Assert.Contains("(start value ", error.Message);
        Assert.Equal(before, Weights());
        Assert.All(before, w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void A_loss_far_above_its_start_or_a_non_finite_gradient_norm_is_divergence()
    {
        var settings = new TrainingSettings(MaxEpochs: 1, MinTrainingSteps: 1, MaxTrainingSteps: null, BatchSize: 2, LearningRate: 0.5,
            Schedule: LearningRateSchedule.Constant, WeightDecay: 0, GradientClipNorm: 0, ValidationFraction: 0, MinValidationRows: 50,
            EarlyStopping: EarlyStoppingCriterion.ValidationMetric, EarlyStoppingPatience: 1, Dropout: 0, Seed: 1, Threads: 1,
            GateBiases: GateInitialization.Uniform, ChronoMaxTimescale: 3);
        var guard = new DivergenceGuard(settings);
        guard.Check(1, 1, 1, 1);
        guard.Check(1, 2, 3, 1);
        // The start is the mean loss of the batches so far, 2: 100 times it is allowed, the start becomes 68.
        guard.Check(1, 3, 200, 1);
        var growth = Assert.Throws<InvalidOperationException>(() => guard.Check(2, 1, 7000, 1));
        Assert.StartsWith("Training diverged in epoch 2, batch 1: the batch loss is 7000, 103 times its start value (start value 68, the mean loss of the first 3 batches).", growth.Message);
        Assert.Contains("Try a lower LearningRate (now 0.5) or GradientClipNorm (now 0, no clipping) set to e.g. 1", growth.Message);
        var gradient = Assert.Throws<InvalidOperationException>(() => guard.Check(2, 2, 0.4, double.NaN));
        Assert.StartsWith("Training diverged in epoch 2, batch 2: the gradient norm is NaN (batch loss 0.4)", gradient.Message);
    }
}
