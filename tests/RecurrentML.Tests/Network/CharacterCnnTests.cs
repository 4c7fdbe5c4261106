using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Characters;
using RecurrentML.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace RecurrentML.Tests.Network;

/// <summary>The character vocabulary's ids, and the character CNN's torch forward against the definition computed in
/// double, against itself with and without padding and against the managed forward, and its gradients against double.</summary>
public class CharacterCnnTests
{
    private const double Tolerance = 1e-5;

    /// <summary>Words of 0 to 9 characters, with a capital, an umlaut and a character outside the BMP.</summary>
    private static readonly string[] Words = { "the", "Zürich", "", "a", "running", "ok😀", "unhappily" };

    private static readonly CharacterVocabulary Vocabulary = CharacterVocabulary.Build(Words);

    private static CharacterCnn Cnn(ulong seed, int embeddingSize = 4, int filters = 5, int width = 3)
    {
        using var generator = new Generator(seed, CPU);
        return new CharacterCnn(Vocabulary.Characters.Count, generator, embeddingSize, filters, width);
    }

    private static Dictionary<string, NamedWeight> WeightsOf(CharacterCnn cnn) => NetworkWeights.Export(cnn).ToDictionary(w => w.Name);

    private static int[][] IdsOf(IEnumerable<string> words) => words.Select(w => Vocabulary.Ids(w, 20)).ToArray();

    private static float[] Forward(CharacterCnn cnn, int[][] words)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return cnn.call(CharacterCnn.Batch(words)).data<float>().ToArray();
    }

    /// <summary>The features of one word from the definition, in double: the word alone, zero outside it (an empty word
    /// is one padding character), tanh of every window, the maximum over the word's windows.</summary>
    private static double[] Definition(IReadOnlyDictionary<string, NamedWeight> weights, int[] word)
    {
        var embedding = weights[CharacterCnn.EmbeddingWeight];
        var convolution = weights[CharacterCnn.ConvolutionWeight];
        var bias = weights[CharacterCnn.ConvolutionBias].Values;
        int size = (int)embedding.Shape[1], filters = (int)convolution.Shape[0], width = (int)convolution.Shape[2];
        var ids = word.Length == 0 ? new[] { CharacterVocabulary.Padding } : word;
        var features = Enumerable.Repeat(double.NegativeInfinity, filters).ToArray();
        for (int t = 0; t < ids.Length; t++)
            for (int f = 0; f < filters; f++)
            {
                double window = bias[f];
                for (int k = 0; k < width; k++)
                {
                    int position = t + k - width / 2;
                    if (position < 0 || position >= ids.Length) continue;
                    for (int e = 0; e < size; e++)
                        window += (double)convolution.Values[(f * size + e) * width + k] * embedding.Values[ids[position] * size + e];
                }
                features[f] = Math.Max(features[f], Math.Tanh(window));
            }
        return features;
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void Known_characters_get_ids_from_2_in_code_point_order_and_others_the_unknown_id()
    {
        var vocabulary = CharacterVocabulary.Build(new[] { "cab", "b" });

        Assert.Equal(new[] { "a", "b", "c" }, vocabulary.Characters);
        Assert.Equal(5, vocabulary.Rows);
        Assert.Equal(new[] { 4, 2, 3 }, vocabulary.Ids("cab", 10));
        Assert.Equal(new[] { 3, CharacterVocabulary.Unknown, 2, CharacterVocabulary.Unknown }, vocabulary.Ids("bxaB", 10));
        Assert.Empty(vocabulary.Ids("", 10));
        Assert.Equal(vocabulary.Characters, CharacterVocabulary.Build(new[] { "b", "cab" }).Characters);
    }

    [Fact]
    public void Characters_rarer_than_minCount_are_unknown()
    {
        var vocabulary = CharacterVocabulary.Build(new[] { "aab", "ac", "b" }, minCount: 2);

        Assert.Equal(new[] { "a", "b" }, vocabulary.Characters);
        Assert.Equal(new[] { 2, 3, CharacterVocabulary.Unknown }, vocabulary.Ids("abc", 10));
    }

    [Fact]
    public void A_surrogate_pair_is_one_character_and_a_lone_surrogate_reads_as_the_replacement_character()
    {
        var vocabulary = CharacterVocabulary.Build(new[] { "a😀", "\uD800" });

        Assert.Equal(new[] { "a", "\uFFFD", "😀" }, vocabulary.Characters);
        Assert.Equal(new[] { 4, 2, 4 }, vocabulary.Ids("😀a😀", 10));
        Assert.Equal(new[] { 3 }, vocabulary.Ids("\uDC00", 10));
        Assert.Equal(new[] { CharacterVocabulary.Unknown }, vocabulary.Ids("🙂", 10));
    }

    [Fact]
    public void A_long_word_keeps_its_prefix_and_suffix()
    {
        var vocabulary = CharacterVocabulary.Build(new[] { "abcdefghij😀" });
        int[] IdsOfText(string text) => text.EnumerateRunes().Select(vocabulary.Id).ToArray();

        Assert.Equal(IdsOfText("abij"), vocabulary.Ids("abcdefghij", 4));
        Assert.Equal(IdsOfText("abcij"), vocabulary.Ids("abcdefghij", 5));
        Assert.Equal(IdsOfText("a"), vocabulary.Ids("abcdefghij", 1));
        Assert.Equal(IdsOfText("abcdefghij"), vocabulary.Ids("abcdefghij", 10));
        // Characters, not UTF-16 units: the pair at the end is one.
        Assert.Equal(IdsOfText("ab😀"), vocabulary.Ids("abcdefghij😀", 3));
    }

    [Fact]
    public void A_vocabulary_rebuilt_from_its_characters_gives_the_same_ids_and_bad_characters_are_refused()
    {
        var rebuilt = new CharacterVocabulary(Vocabulary.Characters.ToArray());

        Assert.Equal(Vocabulary.Characters, rebuilt.Characters);
        foreach (var word in Words.Append("Zebra😀!")) Assert.Equal(Vocabulary.Ids(word, 6), rebuilt.Ids(word, 6));
        Assert.Contains("Character 1 is \"bc\"", Assert.Throws<ArgumentException>(() => new CharacterVocabulary(new[] { "a", "bc" })).Message);
        Assert.Contains("Character 0 is \"\"", Assert.Throws<ArgumentException>(() => new CharacterVocabulary(new[] { "" })).Message);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new CharacterVocabulary(new[] { "😀", "a", "😀" })).Message);
    }

    [Theory]
    [InlineData(1, 4, 5, 3)]
    [InlineData(2, 25, 50, 5)]
    [InlineData(3, 30, 30, 3)]
    [InlineData(4, 4, 5, 1)]
    public void The_forward_of_a_padded_batch_equals_the_definition_for_each_word(ulong seed, int embeddingSize, int filters, int width)
    {
        using var cnn = Cnn(seed, embeddingSize, filters, width);
        var words = IdsOf(Words);
        var weights = WeightsOf(cnn);

        var features = Forward(cnn, words);

        for (int w = 0; w < words.Length; w++)
        {
            var expected = Definition(weights, words[w]);
            for (int f = 0; f < cnn.Filters; f++) AssertClose(expected[f], features[w * cnn.Filters + f], $"word \"{Words[w]}\" filter {f}");
        }
    }

    [Fact]
    public void An_empty_word_gives_tanh_of_the_bias()
    {
        using var cnn = Cnn(4);
        var bias = WeightsOf(cnn)[CharacterCnn.ConvolutionBias].Values;

        var features = Forward(cnn, new[] { Array.Empty<int>() });

        for (int f = 0; f < cnn.Filters; f++) AssertClose(Math.Tanh(bias[f]), features[f], $"filter {f}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Padding_does_not_change_a_words_features(int width)
    {
        using var cnn = Cnn(5, width: width);
        var words = IdsOf(Words);

        var batched = Forward(cnn, words);

        for (int w = 0; w < words.Length; w++)
        {
            var alone = Forward(cnn, new[] { words[w] });
            for (int f = 0; f < cnn.Filters; f++) AssertClose(alone[f], batched[w * cnn.Filters + f], $"word \"{Words[w]}\" filter {f}");
        }
    }

    [Theory]
    [InlineData(6, 3, "")]
    [InlineData(7, 5, "characters.")]
    public void The_managed_forward_equals_the_torch_forward(ulong seed, int width, string prefix)
    {
        using var cnn = Cnn(seed, embeddingSize: 25, filters: 50, width: width);
        var words = IdsOf(Words.Append("Unbelievably😀")).ToArray();
        var rows = new CharacterCnnRows(NetworkWeights.Export(cnn).ToDictionary(w => prefix + w.Name, w => w with { Name = prefix + w.Name }), prefix);

        var batched = Forward(cnn, words);

        Assert.Equal(cnn.Filters, rows.Filters);
        var features = new float[rows.Filters];
        for (int w = 0; w < words.Length; w++)
        {
            rows.Encode(words[w], features);
            for (int f = 0; f < features.Length; f++) AssertClose(batched[w * cnn.Filters + f], features[f], $"word {w} filter {f}");
            // Trailing padding, as a row of a batch holds it, changes nothing.
            rows.Encode(words[w].Concat(new int[3]).ToArray(), features);
            for (int f = 0; f < features.Length; f++) AssertClose(batched[w * cnn.Filters + f], features[f], $"padded word {w} filter {f}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Encode(new[] { 2, Vocabulary.Rows }, features));
    }

    [Fact]
    public void Gradients_equal_those_computed_in_double_and_reach_every_weight_but_the_padding_row()
    {
        using var scope = NewDisposeScope();
        const int size = 25;
        using var cnn = Cnn(8, embeddingSize: size, filters: 50);
        using var inDouble = Cnn(8, embeddingSize: size, filters: 50);
        inDouble.to(ScalarType.Float64);
        var ids = CharacterCnn.Batch(IdsOf(Words));
        using var generator = new Generator(9, CPU);
        var target = randn(new long[] { Words.Length, cnn.Filters }, generator: generator);

        cnn.call(ids).sub(target).square().sum().backward();
        inDouble.call(ids).sub(target.to(ScalarType.Float64)).square().sum().backward();

        var gradients = cnn.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad.data<float>().ToArray());
        var expected = inDouble.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad.data<double>().ToArray());
        foreach (var (name, gradient) in gradients)
        {
            Assert.Contains(gradient, g => g != 0);
            for (int i = 0; i < gradient.Length; i++)
                Assert.True(Math.Abs(expected[name][i] - gradient[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[name][i])), $"{name}[{i}]: expected {expected[name][i]}, got {gradient[i]}");
        }
        float[] RowGradient(int row) => gradients[CharacterCnn.EmbeddingWeight].AsSpan(row * size, size).ToArray();
        Assert.All(RowGradient(CharacterVocabulary.Padding), g => Assert.Equal(0f, g));
        // "a" alone: every filter's maximum is its one window, centred on the "a".
        Assert.All(RowGradient(Vocabulary.Ids("a", 1)[0]), g => Assert.NotEqual(0f, g));
    }

    [Fact]
    public void The_padding_row_stays_zero_through_training()
    {
        using var scope = NewDisposeScope();
        using var cnn = Cnn(10);
        var ids = CharacterCnn.Batch(IdsOf(Words));
        using var generator = new Generator(11, CPU);
        var target = randn(new long[] { Words.Length, cnn.Filters }, generator: generator);
        using var optimizer = new AdamOptimizer(cnn.parameters(), 0.05, 0.01);

        for (int step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.ZeroGrad();
            cnn.call(ids).sub(target).square().sum().backward();
            optimizer.Step();
        }

        var embedding = WeightsOf(cnn)[CharacterCnn.EmbeddingWeight];
        Assert.All(embedding.Values.Take((int)embedding.Shape[1]), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_default_sizes_give_the_named_weights_and_words_by_filters_features()
    {
        using var generator = new Generator(10, CPU);
        using var cnn = new CharacterCnn(Vocabulary.Characters.Count, generator);

        var weights = NetworkWeights.Export(cnn);
        var features = Forward(cnn, IdsOf(Words));

        Assert.Equal(new[] { CharacterCnn.EmbeddingWeight, CharacterCnn.ConvolutionWeight, CharacterCnn.ConvolutionBias }, weights.Select(w => w.Name));
        Assert.Equal(new long[] { Vocabulary.Rows, 25 }, weights[0].Shape);
        Assert.Equal(new long[] { 50, 25, 3 }, weights[1].Shape);
        Assert.Equal(new long[] { 50 }, weights[2].Shape);
        Assert.Equal(50, cnn.Filters);
        Assert.Equal(Words.Length * 50, features.Length);
        Assert.All(features, v => Assert.InRange(v, -1f, 1f));
        using (var ids = CharacterCnn.Batch(IdsOf(Words)))
        using (var output = cnn.call(ids))
            Assert.Equal(new long[] { Words.Length, 50 }, output.shape);
        Assert.All(weights[0].Values.Take(25), v => Assert.Equal(0f, v));
        Assert.All(weights[0].Values.Skip(25), v => Assert.InRange((double)v, -Math.Sqrt(3.0 / 25), Math.Sqrt(3.0 / 25)));
        Assert.All(weights[1].Values.Concat(weights[2].Values), v => Assert.InRange((double)v, -1 / Math.Sqrt(75), 1 / Math.Sqrt(75)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        using CharacterCnn first = Cnn(12), again = Cnn(12), other = Cnn(13);

        Assert.Equal(NetworkWeights.Export(first).Select(w => w.Values), NetworkWeights.Export(again).Select(w => w.Values));
        Assert.NotEqual(NetworkWeights.Export(first).Select(w => w.Values), NetworkWeights.Export(other).Select(w => w.Values));
    }

    [Fact]
    public void Even_widths_and_ids_that_are_not_an_int64_matrix_are_refused()
    {
        using var generator = new Generator(14, CPU);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CharacterCnn(3, generator, width: 2));
        using var cnn = Cnn(14);
        using var floats = zeros(2, 3);
        using var vector = zeros(3, dtype: ScalarType.Int64);
        using var noCharacters = zeros(new long[] { 2, 0 }, dtype: ScalarType.Int64);
        Assert.Contains("expected Int64 [words, maxCharacters]", Assert.Throws<ArgumentException>(() => cnn.call(floats)).Message);
        Assert.Throws<ArgumentException>(() => cnn.call(vector));
        Assert.Throws<ArgumentException>(() => cnn.call(noCharacters));
    }
}
