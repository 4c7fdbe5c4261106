using System.Globalization;
using Microsoft.ML;
using RecurrentML.Plotting;
using Xunit;

namespace RecurrentML.Tests;

public class TrainingHistoryTests
{
    [Fact]
    public void A_fitted_pipelines_encoder_history_is_found_and_written_as_csv_and_png()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(300, seed: 2));
        var model = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 3)))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(data);

        var encoders = model.RecurrentEncoders();
        Assert.Single(encoders);
        Assert.Empty(model.LanguageModels());
        var history = encoders[0].TrainingHistory;
        Assert.Equal(3, history.Count);

        var csv = new StringWriter();
        history.WriteCsv(csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("epoch,training_loss,validation_loss,metric,validation_metric,seconds", lines[0]);
        Assert.Equal(history.Count + 1, lines.Count);
        for (int i = 0; i < history.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(history[i].Epoch, int.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(history[i].TrainingLoss, double.Parse(fields[1], CultureInfo.InvariantCulture));
            Assert.Equal("accuracy", fields[3]);
            Assert.Equal(history[i].ValidationMetric, double.Parse(fields[4], CultureInfo.InvariantCulture));
        }

        string png = Path.Combine(Path.GetTempPath(), $"recurrentml-history-{Guid.NewGuid():N}.png");
        try
        {
            TrainingHistoryChart.SavePng(history, png);
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5_000, $"the chart is {bytes.Length} bytes");
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void ML_NETs_WithOnFitDelegate_hands_over_the_fitted_encoder()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(100, seed: 2));
        RecurrentEncoderTransformer fitted = null;
        TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 2)).WithOnFitDelegate(e => fitted = e)).Fit(data);
        Assert.NotNull(fitted);
        Assert.Equal(2, fitted.TrainingHistory.Count);
    }

    [Fact]
    public void An_empty_history_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingHistoryChart.SavePng(Array.Empty<EpochReport>(), "unused.png"));
        Assert.Contains("no epochs", error.Message);
    }
}
