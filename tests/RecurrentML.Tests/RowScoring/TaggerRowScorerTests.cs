using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.RowScoring;
using RecurrentML.Tagging;
using RecurrentML.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.RowScoring;

/// <summary>The tagger's managed row scorer (the <c>PredictionEngine</c> path) computes the torch tagger's function:
/// every cell, direction, depth and output layer, with and without character features, on sentences of known and
/// unseen words (one token, none, long), against <see cref="TaggerScorer"/> (the <c>Transform</c> path): the same tags
/// (a softmax tie within rounding aside) and probabilities within 1e-5.</summary>
public class TaggerRowScorerTests
{
    private const float Tolerance = 1e-5f;

    private static readonly string[] Words = Enumerable.Range(0, 20).Select(i => $"w{i}").ToArray();
    private readonly ITestOutputHelper _output;

    public TaggerRowScorerTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Shapes()
    {
        foreach (var (cell, nonlinearity) in new[] { (RecurrentCell.Lstm, RnnNonlinearity.Tanh), (RecurrentCell.Gru, RnnNonlinearity.Tanh), (RecurrentCell.Rnn, RnnNonlinearity.Tanh), (RecurrentCell.Rnn, RnnNonlinearity.Relu) })
            foreach (bool bidirectional in new[] { false, true })
                foreach (var output in new[] { TaggerOutputLayer.Softmax, TaggerOutputLayer.Crf })
                    foreach (bool characters in new[] { false, true })
                        foreach (int layers in new[] { 1, 2 })
                            yield return new object[] { cell, nonlinearity, bidirectional, output, characters, layers };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_row_scorer_gives_the_torch_taggers_tags_and_probabilities(RecurrentCell cell, RnnNonlinearity nonlinearity, bool bidirectional,
        TaggerOutputLayer output, bool characters, int layers)
    {
        var model = RandomModel(cell, nonlinearity, bidirectional, output, characters, layers, seed: 11 + layers);
        var vocabulary = new TaggerVocabulary(model.Words, model.LowercaseWords, model.Characters);
        var sentences = Sentences().Select(tokens => vocabulary.Sentence(tokens, [])).ToArray();
        using var scorer = TaggerScorer.Create(model, torch.CPU);
        var expected = scorer.Tag(sentences);

        var rows = new RowTagger(model);
        double largest = 0;
        for (int s = 0; s < sentences.Length; s++)
        {
            var (tags, probabilities) = rows.Tag(sentences[s]);
            Assert.Equal(sentences[s].Words.Length, tags.Length);
            Assert.Equal(expected[s].Probabilities.Length, probabilities.Length);
            for (int k = 0; k < probabilities.Length; k++)
            {
                largest = Math.Max(largest, Math.Abs(probabilities[k] - expected[s].Probabilities[k]));
                Assert.True(Math.Abs(probabilities[k] - expected[s].Probabilities[k]) <= Tolerance,
                    $"sentence {s} (length {tags.Length}) value {k}: managed {probabilities[k]}, torch {expected[s].Probabilities[k]}");
            }
            AssertSameTags(expected[s].Tags, tags, expected[s].Probabilities, model.Tags.Count, output == TaggerOutputLayer.Crf, s);
        }
        _output.WriteLine($"largest probability difference {largest:E2}; tags used {expected.SelectMany(e => e.Tags).Distinct().Count()}, " +
            $"largest probability {expected.SelectMany(e => e.Probabilities).DefaultIfEmpty().Max():F3}");
    }

    [Fact]
    public void Concurrent_callers_get_the_single_threaded_tags()
    {
        var model = RandomModel(RecurrentCell.Lstm, RnnNonlinearity.Tanh, bidirectional: true, TaggerOutputLayer.Crf, characters: true, layers: 1, seed: 5);
        var vocabulary = new TaggerVocabulary(model.Words, model.LowercaseWords, model.Characters);
        var random = new Random(9);
        var sentences = Enumerable.Range(0, 48).Select(_ => vocabulary.Sentence(
            Enumerable.Range(0, random.Next(0, 25)).Select(_ => random.Next(3) == 0 ? $"new{random.Next(100)}" : Words[random.Next(Words.Length)]).ToArray(), [])).ToArray();
        var expected = sentences.Select(new RowTagger(model).Tag).ToArray();
        // A fresh scorer: its word cache is filled concurrently here, sequentially above.
        var rows = new RowTagger(model);
        var results = new (long[] Tags, float[] Probabilities)[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread => results[thread] = sentences.Select(rows.Tag).ToArray());
        foreach (var result in results)
            for (int i = 0; i < sentences.Length; i++)
            {
                Assert.Equal(expected[i].Tags, result[i].Tags);
                Assert.Equal(expected[i].Probabilities, result[i].Probabilities);
            }
    }

    /// <summary>Known words in any case, unseen words and characters, an empty sentence, one token, a word longer than
    /// the characters read, and a long sentence (every token tagged).</summary>
    private static IEnumerable<string[]> Sentences()
    {
        var random = new Random(3);
        string[] Known(int count) => Enumerable.Range(0, count).Select(_ => Words[random.Next(Words.Length)]).ToArray();
        yield return Known(5);
        yield return [];
        yield return ["W3"];
        yield return ["never", "seen", "Zyxwv", "ÉTÉ", "42", "", "w1"];
        yield return [.. Known(3), "aaaaaaaaaabbbbbbbbbbccccccccccdddd", "w2"];
        yield return Known(90);
        yield return Known(5);
        yield return Known(17);
    }

    /// <summary>Tags identical, except where rounding can decide: two softmax tags whose torch probabilities are within
    /// the tolerance. CRF paths must be identical (random weights leave no path within rounding of the best).</summary>
    private static void AssertSameTags(long[] expected, long[] actual, float[] expectedProbabilities, int tagCount, bool crf, int sentence)
    {
        if (expected.SequenceEqual(actual)) return;
        Assert.False(crf, $"sentence {sentence}: CRF paths differ: torch {string.Join(",", expected)}, managed {string.Join(",", actual)}");
        for (int t = 0; t < expected.Length; t++)
            Assert.True(expected[t] == actual[t] || Math.Abs(expectedProbabilities[t * tagCount + expected[t]] - expectedProbabilities[t * tagCount + actual[t]]) <= Tolerance,
                $"sentence {sentence} token {t}: torch tag {expected[t]}, managed {actual[t]}");
    }

    /// <summary>A tagger with the random initial weights of its torch network, emissions scaled up (small sizes, hidden
    /// 12: not a whole vector, so the gate matrices' leftover rows are read).</summary>
    internal static TaggerModel RandomModel(RecurrentCell cell, RnnNonlinearity nonlinearity, bool bidirectional, TaggerOutputLayer output, bool characters,
        int layers, int seed)
    {
        var features = characters
            ? new CharacterFeatures(["0", "1", "2", "4", "W", "a", "b", "c", "d", "e", "n", "s", "v", "w"], EmbeddingSize: 5, Filters: 7, Width: 3, MaxCharacters: 20)
            : null;
        var shape = new NetworkShape(cell, 0, InputSize: 6 + (features?.Filters ?? 0), HiddenSize: 12, layers, bidirectional, SequencePooling.Last, nonlinearity);
        string[] tags = ["A", "B", "C", "D", "E"];
        var taggerShape = new TaggerModelShape(Words.Length + 1, features, shape, tags.Length, output);
        using var generator = new torch.Generator((ulong)seed, torch.CPU);
        using var network = new TaggerNetwork(taggerShape, generator);
        // Initial emissions are nearly uniform; larger ones make confident tags, whose probabilities show differences.
        var weights = NetworkWeights.Export(network)
            .Select(w => w.Name.StartsWith("emissions.") ? w with { Values = w.Values.Select(v => 8 * v).ToArray() } : w).ToList();
        return new TaggerModel(Words, LowercaseWords: true, features, tags, shape, output, Array.Empty<EpochReport>(), weights);
    }
}
