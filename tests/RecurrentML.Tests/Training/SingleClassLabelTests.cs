using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>A classification label with one class in the training rows is an error naming the column, the one value
/// and what is needed (with one class the encoder would learn nothing from the label).</summary>
public class SingleClassLabelTests
{
    private sealed class KindRow
    {
        public string Kind { get; set; }
    }

    private sealed class KindReview
    {
        public string Text { get; set; }
        public string Kind { get; set; }
    }

    [Fact]
    public void A_Boolean_label_with_only_True_is_refused()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TestData.Sentiment(40, seed: 1).Select(r => new Review { Text = r.Text, Label = true });
        var pipeline = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions())));
        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows)));
        Assert.Equal("Label column 'Label' has the value True in all 40 training rows; binary classification needs rows of both True and False.", error.Message);
    }

    [Fact]
    public void A_key_label_with_one_of_its_three_classes_present_is_refused()
    {
        var mlContext = new MLContext(seed: 1);
        var kinds = mlContext.Data.LoadFromEnumerable(new[] { "cheese", "fruit", "bread" }.Select(k => new KindRow { Kind = k }));
        var rows = TestData.Sentiment(40, seed: 1).Select(r => new KindReview { Text = r.Text, Kind = "fruit" });
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Kind", keyData: kinds)
            .Append(TestData.Tokens(mlContext))
            .Append(mlContext.Transforms.Gru(SmallOptions.Of(new GruOptions())));
        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows)));
        Assert.Equal("Label column 'Label' has one class, 'fruit' (key 2 of 3), in all 40 training rows; multiclass classification needs rows of at least 2 classes.",
            error.Message);
    }

    [Fact]
    public void A_Boolean_label_with_both_values_trains()
    {
        var mlContext = new MLContext(seed: 1);
        // One False among 39 True rows is two classes.
        var rows = TestData.Sentiment(40, seed: 1).Select((r, i) => new Review { Text = r.Text, Label = i != 7 });
        var pipeline = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 1)));
        using var encoder = pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows)).LastTransformer;
        Assert.Single(encoder.TrainingHistory);
    }
}
