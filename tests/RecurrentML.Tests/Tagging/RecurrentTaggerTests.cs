using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Tagging;

/// <summary>The recurrent tagger on the shipped EWT subsets: it learns (well above the most-frequent-tag baseline on
/// held-out sentences), every token gets a tag, Transform, PredictionEngine and a reloaded model agree, and bad input
/// is refused with the row named.</summary>
public class RecurrentTaggerTests
{
    private readonly ITestOutputHelper _output;

    public RecurrentTaggerTests(ITestOutputHelper output) => _output = output;

    /// <summary>A sentence to tag; <see cref="Tags"/> is there for the pipeline's MapValueToKey and stays empty.</summary>
    internal sealed class Sentence
    {
        public string[] Tokens { get; set; }
        public string[] Tags { get; set; } = [];
    }

    /// <summary>A tagged sentence (ML.NET hands an empty vector over as null; these read it as empty).</summary>
    internal sealed class Tagged
    {
        private string[] _tags = [];
        private float[] _score = [];
        public string[] PredictedTags { get => _tags; set => _tags = value ?? []; }
        public float[] Score { get => _score; set => _score = value ?? []; }
    }

    internal static RecurrentTaggerOptions Small(TaggerOutputLayer outputLayer, int seed = 1) => new()
    {
        OutputLayer = outputLayer, HiddenSize = 32, EmbeddingSize = 32, MaxEpochs = 30, Seed = seed, MinValidationRows = 20, NumberOfThreads = 1,
        LearningRate = 1e-2,
    };

    /// <summary>Fits on the first 240 sentences of the shipped EWT training subset; the held-out view is its last 60
    /// (the same e-mails: the dev subset is web logs, where 300 training sentences leave most words unseen).</summary>
    internal static (ITransformer Model, IDataView HeldOut) Fit(MLContext mlContext, RecurrentTaggerOptions options)
    {
        var all = mlContext.Data.LoadFromConllUFile(TaggingTestFiles.DataFile("ewt-train-300.conllu"));
        var train = mlContext.Data.TakeRows(all, 240);
        var heldOut = mlContext.Data.SkipRows(all, 240);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(options))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"));
        return (pipeline.Fit(train), heldOut);
    }

    /// <summary>Most frequent tag of each training word (NOUN for unseen words), scored on the held-out sentences.</summary>
    private static double MostFrequentTagAccuracy(MLContext mlContext)
    {
        var all = TaggingTestFiles.Rows(mlContext.Data.LoadFromConllUFile(TaggingTestFiles.DataFile("ewt-train-300.conllu")));
        var best = all.Take(240).SelectMany(s => s.Tokens.Zip(s.Tags)).GroupBy(p => p.First)
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Second).OrderByDescending(t => t.Count()).First().Key);
        var pairs = all.Skip(240).SelectMany(s => s.Tokens.Zip(s.Tags)).ToList();
        return pairs.Count(p => (best.TryGetValue(p.First, out var tag) ? tag : "NOUN") == p.Second) / (double)pairs.Count;
    }

    [Theory]
    [InlineData(TaggerOutputLayer.Softmax)]
    [InlineData(TaggerOutputLayer.Crf)]
    public void The_tagger_learns_tags_of_held_out_sentences_and_tags_every_token(TaggerOutputLayer outputLayer)
    {
        var mlContext = new MLContext(seed: 1);
        mlContext.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.Contains("Tagger")) _output.WriteLine(e.RawMessage); };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (model, heldOut) = Fit(mlContext, Small(outputLayer));
        _output.WriteLine($"fit {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var scored = model.Transform(heldOut);
        var metrics = TaggingEvaluation.Evaluate(scored, "Tags", "PredictedTags");
        _output.WriteLine($"transform and evaluate {clock.Elapsed.TotalSeconds:F1} s");
        double baseline = MostFrequentTagAccuracy(mlContext);
        _output.WriteLine($"{outputLayer}: held-out token accuracy {metrics.TokenAccuracy:F4} over {metrics.Tokens} tokens; most frequent tag {baseline:F4}");
        var tagged = mlContext.Data.CreateEnumerable<Tagged>(scored, reuseRowObject: false).ToList();
        var gold = TaggingTestFiles.Rows(heldOut);
        Assert.Equal(gold.Select(g => g.Tokens.Length), tagged.Select(t => t.PredictedTags.Length));
        var tagger = ((IEnumerable<ITransformer>)model).OfType<RecurrentTaggerTransformer>().Single();
        Assert.All(tagged, t => Assert.Equal(t.PredictedTags.Length * tagger.Tags.Count, t.Score.Length));
        // Probabilities of every tag sum to 1 for each token.
        Assert.All(tagged.SelectMany(t => t.Score.Chunk(tagger.Tags.Count)), p => Assert.Equal(1, p.Sum(), 3));
        Assert.True(metrics.TokenAccuracy > baseline + 0.02, $"held-out accuracy {metrics.TokenAccuracy:F4} vs most frequent tag {baseline:F4}");
    }

    [Theory]
    [InlineData(TaggerOutputLayer.Softmax)]
    [InlineData(TaggerOutputLayer.Crf)]
    public void Transform_PredictionEngine_and_a_reloaded_model_give_the_same_tags_and_scores(TaggerOutputLayer outputLayer)
    {
        var mlContext = new MLContext(seed: 1);
        var options = Small(outputLayer);
        options.MaxEpochs = 2;
        var (model, heldOut) = Fit(mlContext, options);
        var sentences = TaggingTestFiles.Rows(heldOut).Take(12).Select(r => new Sentence { Tokens = r.Tokens })
            .Append(new Sentence { Tokens = Array.Empty<string>() }).Append(new Sentence { Tokens = ["entirely", "unseen", "Zyxwv"] }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(sentences, SentenceSchema(mlContext));
        var transformed = mlContext.Data.CreateEnumerable<Tagged>(model.Transform(data), reuseRowObject: false).ToList();

        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext(seed: 2).Model.Load(stream, out _);
        var reloaded = mlContext.Data.CreateEnumerable<Tagged>(loaded.Transform(data), reuseRowObject: false).ToList();
        using var engine = mlContext.Model.CreatePredictionEngine<Sentence, Tagged>(model, inputSchema: data.Schema);
        var predicted = sentences.Select(s => engine.Predict(s)).ToList();

        for (int i = 0; i < sentences.Count; i++)
        {
            Assert.Equal(sentences[i].Tokens.Length, transformed[i].PredictedTags.Length);
            Assert.Equal(transformed[i].PredictedTags, reloaded[i].PredictedTags);
            Assert.Equal(transformed[i].PredictedTags, predicted[i].PredictedTags);
            for (int j = 0; j < transformed[i].Score.Length; j++)
            {
                Assert.Equal(transformed[i].Score[j], reloaded[i].Score[j], 1e-5);
                Assert.Equal(transformed[i].Score[j], predicted[i].Score[j], 1e-5);
            }
        }
    }

    private static SchemaDefinition SentenceSchema(MLContext mlContext)
    {
        var schema = SchemaDefinition.Create(typeof(Sentence));
        schema[nameof(Sentence.Tokens)].ColumnType = new VectorDataViewType(TextDataViewType.Instance);
        schema[nameof(Sentence.Tags)].ColumnType = new VectorDataViewType(TextDataViewType.Instance);
        return schema;
    }

    [Fact]
    public void A_row_with_a_tag_count_other_than_its_token_count_is_refused_naming_the_row()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = new[]
        {
            new TaggedRow { Tokens = ["a", "dog"], Tags = ["DET", "NOUN"] },
            new TaggedRow { Tokens = ["it", "runs", "fast"], Tags = ["PRON", "VERB"] },
        };
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(maxEpochs: 1));
        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Fit(data));
        Assert.Equal("Row 1 has 3 tokens in column 'Tokens' but 2 tags in column 'Label'; expected one tag per token.", error.Message);
    }

    [Fact]
    public void A_tokens_column_of_another_type_is_refused_naming_the_column_and_both_types()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = "a dog", Tags = ["DET", "NOUN"] } });
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(maxEpochs: 1));
        var error = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("Tokens column 'Tokens' has type String; expected Vector<String>", error.Message);
    }

    private sealed class TaggedRow
    {
        [VectorType]
        public string[] Tokens { get; set; }
        [VectorType]
        public string[] Tags { get; set; }
    }

    private sealed class TextRow
    {
        public string Tokens { get; set; }
        [VectorType]
        public string[] Tags { get; set; }
    }
}
