using Microsoft.ML;
using Microsoft.ML.TorchSharp;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>An application can use ML.NET's own TorchSharp trainers (Microsoft.ML.TorchSharp 0.23.1, which resolves
/// to RecurrentML's TorchSharp 0.107) and RecurrentML in the same process.</summary>
public class MlNetTorchSharpCoexistenceTests
{
    [Fact]
    public void TextClassification_estimator_and_an_Lstm_pipeline_live_side_by_side()
    {
        var mlContext = new MLContext(seed: 1);
        var textClassification = mlContext.MulticlassClassification.Trainers.TextClassification(
            labelColumnName: "Label", sentence1ColumnName: "Text", maxEpochs: 1);
        Assert.NotNull(textClassification);

        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Lstm, o => o.MaxEpochs = 1);
        var rows = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(20, 3));
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, rows.Schema, stream);
        stream.Position = 0;
        var loaded = mlContext.Model.Load(stream, out _);
        Assert.Equal(
            mlContext.Data.CreateEnumerable<ScoredReview>(model.Transform(rows), false).Select(r => r.Score),
            mlContext.Data.CreateEnumerable<ScoredReview>(loaded.Transform(rows), false).Select(r => r.Score));
    }
}
