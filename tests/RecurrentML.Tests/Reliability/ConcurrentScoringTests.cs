using Microsoft.ML;
using RecurrentML.Tests.Tagging;
using Xunit;

namespace RecurrentML.Tests.Reliability;

/// <summary>One loaded model shared by many threads: engines of their own give what one thread gets, value for value
/// (managed code, no kernel choice), for an encoder and a tagger; Transform calls at once give what one call gets,
/// within float rounding.</summary>
public class ConcurrentScoringTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm)]
    [InlineData(RecurrentCell.Gru)]
    [InlineData(RecurrentCell.Rnn)]
    public void Eight_threads_with_their_own_engines_score_what_one_thread_scores(RecurrentCell cell)
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 3));
        var model = TestData.Tokens(mlContext).Append(mlContext.Transforms.RecurrentEncoder(SmallOptions.Of(RecurrentEncoderOptions.Create(cell), epochs: 1)))
            .Fit(data);
        var reviews = TestData.Sentiment(300, seed: 4);
        float[][] ScoreAll()
        {
            using var engine = mlContext.Model.CreatePredictionEngine<Review, ScoredReview>(model, new PredictionEngineOptions { OwnsTransformer = false });
            return reviews.Select(r => engine.Predict(r).Features).ToArray();
        }
        var expected = ScoreAll();
        var results = new float[8][][];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() => results[t] = ScoreAll())).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var result in results)
            for (int i = 0; i < reviews.Count; i++) Assert.Equal(expected[i], result[i]);

        // Transform from several threads at once: each view reads the torch network in turn. Compared within float
        // rounding, not bit for bit: libtorch's oneDNN switch is process-wide, so a test training on another thread can
        // move a scoring call between two verified LSTM kernels, which agree only to rounding.
        float[][] TransformAll() => mlContext.Data.CreateEnumerable<ScoredReview>(model.Transform(mlContext.Data.LoadFromEnumerable(reviews)), false, ignoreMissingColumns: true)
            .Select(r => r.Features).ToArray();
        var batched = TransformAll();
        var concurrent = new float[4][][];
        Parallel.For(0, 4, t => concurrent[t] = TransformAll());
        foreach (var result in concurrent)
            for (int i = 0; i < reviews.Count; i++)
                for (int j = 0; j < batched[i].Length; j++) Assert.True(Math.Abs(batched[i][j] - result[i][j]) <= 1e-6, $"row {i} value {j}");
        // Predict (managed, one row) and Transform (torch batches) compute one function.
        for (int i = 0; i < reviews.Count; i++)
            for (int j = 0; j < expected[i].Length; j++) Assert.True(Math.Abs(expected[i][j] - batched[i][j]) <= 1e-5, $"row {i} value {j}");
    }

    [Fact]
    public void Eight_threads_with_their_own_tagger_engines_tag_what_one_thread_tags()
    {
        var mlContext = new MLContext(seed: 1);
        var options = RecurrentTaggerTests.Small(TaggerOutputLayer.Crf);
        options.MaxEpochs = 1;
        var (model, heldOut) = RecurrentTaggerTests.Fit(mlContext, options);
        var sentences = TaggingTestFiles.Rows(heldOut).Select(r => new RecurrentTaggerTests.Sentence { Tokens = r.Tokens }).ToList();
        (string[] Tags, float[] Score)[] TagAll()
        {
            using var engine = mlContext.Model.CreatePredictionEngine<RecurrentTaggerTests.Sentence, RecurrentTaggerTests.Tagged>(model,
                new PredictionEngineOptions { OwnsTransformer = false });
            return sentences.Select(s => engine.Predict(s)).Select(t => (t.PredictedTags.ToArray(), t.Score.ToArray())).ToArray();
        }
        var expected = TagAll();
        Assert.Equal(sentences.Select(s => s.Tokens.Length), expected.Select(e => e.Tags.Length));
        var results = new (string[] Tags, float[] Score)[8][];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() => results[t] = TagAll())).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var result in results)
            for (int i = 0; i < sentences.Count; i++)
            {
                Assert.Equal(expected[i].Tags, result[i].Tags);
                Assert.Equal(expected[i].Score, result[i].Score);
            }
    }
}
