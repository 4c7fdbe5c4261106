using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Tagging;

/// <summary>The tagger's ONNX graph in ONNX Runtime against ML.NET's Transform on held-out sentences and unseen words:
/// identical tags, scores within 1e-4; a CRF's emissions decoded in .NET (Viterbi and marginals are not in the graph).</summary>
public class TaggerOnnxExportTests
{
    private const double Tolerance = 1e-4;
    private readonly ITestOutputHelper _output;

    public TaggerOnnxExportTests(ITestOutputHelper output) => _output = output;

    private sealed class Sentence
    {
        public string[] Tokens { get; set; }
    }

    [Theory]
    [InlineData(TaggerOutputLayer.Softmax, RecurrentCell.Lstm, true, true)]
    [InlineData(TaggerOutputLayer.Crf, RecurrentCell.Lstm, true, true)]
    [InlineData(TaggerOutputLayer.Crf, RecurrentCell.Gru, false, true)]
    [InlineData(TaggerOutputLayer.Softmax, RecurrentCell.Rnn, true, false)]
    public void Onnx_Runtime_gives_the_tags_and_scores_of_Transform(TaggerOutputLayer outputLayer, RecurrentCell cell, bool characterFeatures, bool bidirectional)
    {
        var mlContext = new MLContext(seed: 1);
        var options = RecurrentTaggerTests.Small(outputLayer);
        (options.MaxEpochs, options.Cell, options.CharacterFeatures, options.Bidirectional) = (2, cell, characterFeatures, bidirectional);
        options.NumberOfLayers = 2;
        var (model, heldOut) = RecurrentTaggerTests.Fit(mlContext, options);
        var tagger = ((IEnumerable<ITransformer>)model).OfType<RecurrentTaggerTransformer>().Single();
        var sentences = TaggingTestFiles.Rows(heldOut).Take(10).Select(r => r.Tokens)
            .Append(["entirely", "unseen", "Zyxwv", "ÉTÉ", "42"]).Append(["a"]).ToList();
        var schema = SchemaDefinition.Create(typeof(Sentence));
        schema[nameof(Sentence.Tokens)].ColumnType = new VectorDataViewType(TextDataViewType.Instance);
        var data = mlContext.Data.LoadFromEnumerable(sentences.Select(t => new Sentence { Tokens = t }), schema);
        var scored = tagger.Transform(data);
        var expectedTags = scored.GetColumn<VBuffer<uint>>(tagger.PredictedLabelColumnName).Select(v => v.DenseValues().ToArray()).ToList();
        var expectedScores = scored.GetColumn<VBuffer<float>>(tagger.ScoreColumnName).Select(v => v.DenseValues().ToArray()).ToList();

        using var stream = new MemoryStream();
        RecurrentOnnx.Export(mlContext, tagger, data, stream);
        using var session = new InferenceSession(stream.ToArray());
        _output.WriteLine($"inputs: {string.Join(", ", session.InputMetadata.Keys)}; outputs: {string.Join(", ", session.OutputMetadata.Keys)}");

        double largest = 0;
        for (int i = 0; i < sentences.Count; i++)
        {
            var (tags, scores) = Run(session, tagger, sentences[i]);
            Assert.Equal(expectedTags[i], tags);
            Assert.Equal(expectedScores[i].Length, scores.Length);
            for (int k = 0; k < scores.Length; k++)
            {
                largest = Math.Max(largest, Math.Abs(expectedScores[i][k] - scores[k]));
                Assert.Equal(expectedScores[i][k], scores[k], Tolerance);
            }
        }
        _output.WriteLine($"{outputLayer} {cell}: largest score difference {largest:E2}");
    }

    [Fact]
    public void Bad_onnx_input_and_emissions_are_refused_saying_why()
    {
        var mlContext = new MLContext(seed: 1);
        var options = RecurrentTaggerTests.Small(TaggerOutputLayer.Crf);
        options.MaxEpochs = 1;
        var tagger = ((IEnumerable<ITransformer>)RecurrentTaggerTests.Fit(mlContext, options).Model).OfType<RecurrentTaggerTransformer>().Single();

        Assert.Contains("the ONNX graph needs at least one token", Assert.Throws<ArgumentException>(() => tagger.OnnxInput(Array.Empty<string>())).Message);
        Assert.Contains("one of them null", Assert.Throws<ArgumentException>(() => tagger.OnnxInput(new[] { "a", null })).Message);
        Assert.Contains($"expected a positive multiple of the {tagger.Tags.Count} tags",
            Assert.Throws<ArgumentException>(() => tagger.DecodeEmissions(new float[tagger.Tags.Count + 1])).Message);
    }

    /// <summary>One sentence through the graph: the tags as 1-based keys and each token's probability of every tag.</summary>
    private static (uint[] Tags, float[] Scores) Run(InferenceSession session, RecurrentTaggerTransformer tagger, string[] tokens)
    {
        var input = tagger.OnnxInput(tokens);
        var feeds = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor($"{tagger.TokensColumnName}.WordIds", new DenseTensor<long>(input.WordIds, new[] { 1, tokens.Length })),
        };
        if (input.CharacterIds != null)
            feeds.Add(NamedOnnxValue.CreateFromTensor($"{tagger.TokensColumnName}.CharacterIds",
                new DenseTensor<long>(input.CharacterIds, new[] { 1, input.CharacterIds.Length })));
        if (session.InputMetadata.ContainsKey(tagger.TokensColumnName))
            feeds.Add(NamedOnnxValue.CreateFromTensor(tagger.TokensColumnName, new DenseTensor<string>(tokens, new[] { 1, tokens.Length })));
        if (tagger.OutputLayer == TaggerOutputLayer.Crf)
        {
            using var emissions = session.Run(feeds, new[] { $"{tagger.ScoreColumnName}.Emissions" });
            return tagger.DecodeEmissions(emissions[0].AsTensor<float>().ToArray());
        }
        using var results = session.Run(feeds, new[] { $"{tagger.PredictedLabelColumnName}.output", $"{tagger.ScoreColumnName}.output" });
        return (results[0].AsTensor<uint>().ToArray(), results[1].AsTensor<float>().ToArray());
    }
}
