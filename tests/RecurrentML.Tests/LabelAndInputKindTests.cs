using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The label's type picks the objective (Boolean, Key, Single) and float sequences work as input.</summary>
public class LabelAndInputKindTests
{
    private sealed class Series
    {
        public float[] Values { get; set; }
        public float Target { get; set; }
        public string Kind { get; set; }
    }

    private sealed class Forecast
    {
        public float Score { get; set; }
    }

    /// <summary>Variable-length series of (value, marker) pairs; the target is the sum of the marked values, and the
    /// kind is which third of the series holds the first marker.</summary>
    private static List<Series> MarkedSums(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int steps = random.Next(6, 15);
            var values = new float[steps * 2];
            for (int t = 0; t < steps; t++) values[2 * t] = (float)random.NextDouble();
            int first = random.Next(steps), second = (first + 1 + random.Next(steps - 1)) % steps;
            values[2 * first + 1] = values[2 * second + 1] = 1;
            return new Series
            {
                Values = values,
                Target = values[2 * first] + values[2 * second],
                Kind = "third" + (3 * Math.Min(first, second) / steps),
            };
        }).ToList();
    }

    [Fact]
    public void Float_steps_with_a_Single_label_train_a_regression_encoder()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(MarkedSums(1200, 1));
        var pipeline = mlContext.Transforms.Gru(new GruOptions
        {
            InputColumnName = "Values", LabelColumnName = "Target", FeaturesPerStep = 2, HiddenSize = 24,
            MaxEpochs = 15, LearningRate = 1e-2, Dropout = 0, Seed = 3,
        }).Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Target"));
        var model = pipeline.Fit(train);

        var history = model.OfType<RecurrentEncoderTransformer>().Single().TrainingHistory;
        Assert.Equal("mean absolute error", history[0].MetricName);
        var metrics = mlContext.Regression.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(MarkedSums(300, 2))), "Target");
        // Predicting the mean target gives a mean squared error of about 1/6.
        Assert.True(metrics.MeanSquaredError < 0.05, $"test MSE {metrics.MeanSquaredError:F4}");
    }

    [Fact]
    public void Key_labels_train_a_multiclass_encoder()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(MarkedSums(900, 1));
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Kind")
            .Append(mlContext.Transforms.Lstm(new LstmOptions
            {
                InputColumnName = "Values", FeaturesPerStep = 2, HiddenSize = 24, MaxEpochs = 12, LearningRate = 1e-2,
                Dropout = 0, Seed = 3, Bidirectional = true,
            }))
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var model = pipeline.Fit(train);
        var encoder = model.OfType<RecurrentEncoderTransformer>().Single();
        Assert.Equal("accuracy", encoder.TrainingHistory[0].MetricName);
        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(MarkedSums(300, 2))));
        Assert.True(metrics.MicroAccuracy > 0.7, $"test accuracy {metrics.MicroAccuracy:F3} (chance about 0.4)");
    }
}
