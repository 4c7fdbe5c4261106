using RecurrentML.Targets;
using Microsoft.ML;
using RecurrentML.Model;
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
        var objective = new SingleLabel();
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

    private static TrainingSettings Settings(double learningRate = 0.5) => new(MaxEpochs: 1, MinTrainingSteps: 1, MaxTrainingSteps: null, BatchSize: 2,
        LearningRate: learningRate, Schedule: LearningRateSchedule.Constant, WeightDecay: 0, GradientClipNorm: 0, ValidationFraction: 0, MinValidationRows: 50,
        EarlyStopping: EarlyStoppingCriterion.ValidationMetric, EarlyStoppingPatience: 1, Dropout: 0, Seed: 1, Threads: 1,
        GateBiases: GateInitialization.Uniform, ChronoMaxTimescale: 3);

    [Fact]
    public void A_start_near_zero_is_measured_from_the_floor_so_ordinary_noise_is_not_divergence()
    {
        var guard = new DivergenceGuard(Settings());
        guard.Check(1, 1, 1e-8, 1);
        // 10,000 times the start, but a squared error of 0.0001: an output moved by 0.01.
        guard.Check(1, 2, 1e-4, 1);
        var error = Assert.Throws<InvalidOperationException>(() => guard.Check(1, 3, 11, 1));
        Assert.StartsWith("Training diverged in epoch 1, batch 3: the batch loss is 11, 110 times 0.1, the floor under a lower start value (start value ",
            error.Message);
        var quiet = new DivergenceGuard(Settings());
        quiet.Check(1, 1, 1e-8, 1);
        quiet.Check(1, 2, 9.9, 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_regression_on_a_nearly_constant_label_trains_without_tripping_the_divergence_rule(int seed)
    {
        var mlContext = new MLContext(seed: seed);
        var rows = FormatCompatibilityTests.SeriesRows(120, seed).Select((row, i) => { row.Target = 1e-3f + 1e-6f * (i % 7); return row; });
        var model = mlContext.Transforms.Gru(new GruOptions
        {
            InputColumnName = "Values", OutputColumnName = "Features", LabelColumnName = "Target", FeaturesPerStep = 2, HiddenSize = 8,
            MaxEpochs = 4, Seed = seed,
        }).Fit(mlContext.Data.LoadFromEnumerable(rows));
        Assert.All(model.TrainingHistory, epoch => Assert.True(double.IsFinite(epoch.TrainingLoss) && epoch.TrainingLoss < 1));
    }

    [Fact]
    public void A_weight_beyond_the_limit_after_an_epoch_is_divergence_naming_the_weight()
    {
        using var layer = torch.nn.Linear(3, 2);
        using (torch.no_grad())
        {
            using var value = 2e4.ToScalar();
            layer.weight!.fill_(value);
        }
        var error = Assert.Throws<InvalidOperationException>(() => DivergenceGuard.CheckWeights(Settings(learningRate: 3), 4, [layer]));
        Assert.Equal("Training diverged in epoch 4: weight 'weight' reached magnitude 2E+04, beyond the ±10000 a saved model may hold. " +
            "Try a lower LearningRate (now 3) or GradientClipNorm (now 0, no clipping) set to e.g. 1, or check the label and input values.", error.Message);
        using (torch.no_grad())
        {
            using var value = 1e4.ToScalar();
            layer.weight!.fill_(value);
        }
        DivergenceGuard.CheckWeights(Settings(), 4, [layer]);
    }
}
