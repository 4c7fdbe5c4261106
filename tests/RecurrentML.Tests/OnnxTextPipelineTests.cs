using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The text front end (TokenizeIntoWords -> MapValueToKey -> encoder -> trainer) exported end to end.</summary>
public class OnnxTextPipelineTests
{
    private static readonly string[] NonEmptyTexts =
    {
        "w3 good w5",
        "w1 w2 not bad w7 w9",
        "zzz qqq yyy",                                        // unknown words only
        "w3   good  w5",                                      // repeated separators
        string.Join(' ', Enumerable.Range(0, 20).Select(i => i % 7 == 3 ? "great" : "w" + i)), // longer than the maximum length
    };

    [Fact]
    public void RecurrentOnnx_Export_of_a_text_pipeline_agrees_with_MLNET()
    {
        var texts = NonEmptyTexts.Append("").ToArray();
        var (mlContext, model, scoring, expected) = FitAndScore(texts);
        using var stream = new MemoryStream();
        RecurrentOnnx.Export(mlContext, model, scoring, stream);
        AssertAgreement(stream.ToArray(), texts, expected);
    }

    /// <summary>ML.NET's own ConvertToOnnx declares the tokens one long; the encoder's shape barrier keeps ONNX Runtime
    /// from encoding only the first token. (An empty text fails in ONNX Runtime with that export: README.)</summary>
    [Fact]
    public void Plain_ConvertToOnnx_of_a_text_pipeline_reads_every_token()
    {
        var (mlContext, model, scoring, expected) = FitAndScore(NonEmptyTexts);
        using var stream = new MemoryStream();
        mlContext.Model.ConvertToOnnx(model, scoring, stream);
        AssertAgreement(stream.ToArray(), NonEmptyTexts, expected);
    }

    private static (MLContext, ITransformer, IDataView, List<ScoredSequence>) FitAndScore(string[] texts)
    {
        var mlContext = new MLContext(seed: 1);
        var model = TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Lstm, o => { o.MaxEpochs = 1; o.MaxSequenceLength = 8; o.HiddenSize = 6; }))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(mlContext.Data.LoadFromEnumerable(TestData.Sentiment(64, seed: 1)));
        var scoring = mlContext.Data.LoadFromEnumerable(texts.Select(t => new TextInput { Text = t }));
        var expected = mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(scoring), reuseRowObject: false).ToList();
        return (mlContext, model, scoring, expected);
    }

    /// <summary>Text pipelines score one row per call: ML.NET's tokenizer export reshapes its output to one row.</summary>
    private static void AssertAgreement(byte[] model, string[] texts, List<ScoredSequence> expected)
    {
        using var onnx = new OnnxRuntimeScorer(model, OnnxTestData.OutputColumns);
        Assert.Equal(new[] { "Text" }, onnx.InputNames);
        for (int i = 0; i < texts.Length; i++)
            OnnxExportTests.AssertRowAgrees(expected[i], onnx.ScoreText("Text", texts[i]), $"text '{texts[i]}'");
    }

    private sealed class TextInput
    {
        public string Text { get; set; }
    }
}
