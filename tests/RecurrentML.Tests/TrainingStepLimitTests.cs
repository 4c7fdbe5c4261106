using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>MaxTrainingSteps ends training after that many batches, inside an epoch if need be.</summary>
public class TrainingStepLimitTests
{
    [Theory]
    [InlineData(3, 1)]   // 360 training rows in batches of 16 make 23 batches per epoch: 3 steps end epoch 1
    [InlineData(30, 2)]  // 30 steps end in epoch 2
    public void Training_stops_after_MaxTrainingSteps_batches(long steps, int expectedEpochs)
    {
        var mlContext = new MLContext(seed: 1);
        var reviews = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(400, seed: 1));
        var data = TestData.Tokens(mlContext).Fit(reviews).Transform(reviews);
        var estimator = EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Lstm, o =>
        {
            o.MaxEpochs = 10;
            o.MaxTrainingSteps = steps;
            o.EarlyStoppingPatience = 100;
        });
        using var encoder = estimator.Fit(data);
        Assert.Equal(expectedEpochs, encoder.TrainingHistory.Count);
        Assert.All(encoder.TrainingHistory, epoch => Assert.True(double.IsFinite(epoch.TrainingLoss)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public void MaxTrainingSteps_below_one_is_rejected_naming_the_option(long steps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().Transforms.Lstm(new LstmOptions { MaxTrainingSteps = steps }));
        Assert.Contains("MaxTrainingSteps", error.Message);
    }
}
