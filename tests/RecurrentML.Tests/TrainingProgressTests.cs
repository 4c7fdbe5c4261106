using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

public class TrainingProgressTests
{
    [Fact]
    public void Shows_the_setup_the_objective_each_epoch_and_a_bar_and_stops_when_disposed()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(300, seed: 2));
        var pipeline = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 2)));
        var output = new StringWriter();
        using (TrainingProgress.WriteTo(mlContext, output, progressBars: true)) pipeline.Fit(data);
        string text = output.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\r').Last().TrimEnd()).Where(l => l.Length > 0).ToList();

        Assert.Contains(lines, l => l.StartsWith("Label column 'Label' is Boolean: the encoder trains for binary classification"));
        Assert.Contains(lines, l => l.StartsWith("Training Lstm encoder on "));
        Assert.Contains(lines, l => l.StartsWith("Lstm epoch 1/2:"));
        Assert.Contains(lines, l => l.StartsWith("Lstm epoch 2/2:"));
        // Bars are drawn in place (carriage returns) and show the epoch's last batch.
        Assert.Matches(@"\rLstm encoder epoch 1/2 \[#+\] (\d+)/\1", text);
        // Only RecurrentML's own lines, without ML.NET's source prefix.
        Assert.DoesNotContain("[Source=", text);
        Assert.All(lines, l => Assert.False(l.Contains("Channel started") || l.Contains("Channel finished"), l));

        int before = output.ToString().Length;
        pipeline.Fit(data);
        Assert.Equal(before, output.ToString().Length);
    }

    [Fact]
    public void Without_bars_only_whole_lines_are_written()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(100, seed: 2));
        var output = new StringWriter();
        using (TrainingProgress.WriteTo(mlContext, output, progressBars: false))
            TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 1))).Fit(data);
        Assert.DoesNotContain("\r", output.ToString());
        Assert.Contains("Lstm epoch 1/1:", output.ToString());
    }

    private sealed class ScoredText
    {
        public string Text { get; set; }
        public float Label { get; set; }
    }

    [Fact]
    public void A_Single_label_is_logged_as_regression_with_the_hint_for_classes()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(100, seed: 2).Select(r => new ScoredText { Text = r.Text, Label = r.Label ? 1 : 0 });
        var output = new StringWriter();
        using (TrainingProgress.WriteTo(mlContext, output, progressBars: false))
            TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 1))).Fit(mlContext.Data.LoadFromEnumerable(rows));
        Assert.Contains("Label column 'Label' is Single: the encoder trains for regression (mean squared error; a Boolean or key label would train a classifier).", output.ToString());
    }
}
