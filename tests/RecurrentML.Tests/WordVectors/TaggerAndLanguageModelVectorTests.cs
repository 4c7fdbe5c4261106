using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;
using RecurrentML.Tests.LanguageModels;
using RecurrentML.Tests.Tagging;
using Xunit;

namespace RecurrentML.Tests.WordVectors;

/// <summary>Taggers and language models start from pretrained word vectors as encoders do: the rows found hold the
/// file's values, frozen ones stay so, the embedding takes the file's dimension, and Fit logs the coverage.</summary>
public sealed class TaggerAndLanguageModelVectorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("recurrentml-vectors-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static string ShippedVectors => Path.Combine(AppContext.BaseDirectory, "WordVectors", "Data", "imdb-skipgram-100d-top1000.vec.gz");

    /// <summary>Each embedding row of a word in <paramref name="words"/> that <paramref name="vectors"/> has, beside the file's vector.</summary>
    private static List<(float[] File, float[] Trained)> Rows(NamedWeight embedding, IReadOnlyList<string> words, Dictionary<string, float[]> vectors)
    {
        int dimension = (int)embedding.Shape[1];
        return words.Select((word, index) => (word, index)).Where(w => vectors.ContainsKey(w.word))
            .Select(w => (vectors[w.word], embedding.Values.AsSpan((w.index + 1) * dimension, dimension).ToArray())).ToList();
    }

    private static Dictionary<string, float[]> ReadAll(string path)
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));
        reader.ReadLine();
        var vectors = new Dictionary<string, float[]>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            vectors[fields[0]] = fields[1..].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        return vectors;
    }

    [Fact]
    public void A_tagger_starts_from_the_shipped_vectors_and_frozen_ones_stay()
    {
        var messages = new List<string>();
        var mlContext = new MLContext(seed: 1);
        mlContext.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var options = RecurrentTaggerTests.Small(TaggerOutputLayer.Softmax);
        options.MaxEpochs = 2;
        options.LowercaseWords = true;
        options.WordVectors = new PretrainedWordVectors(ShippedVectors) { Training = WordVectorTraining.Frozen };
        var (model, _) = RecurrentTaggerTests.Fit(mlContext, options);
        var tagger = ((IEnumerable<ITransformer>)model).OfType<RecurrentTaggerTransformer>().Single();
        var embedding = tagger.Model.Weights.Single(w => w.Name == TaggerWeights.Words);
        Assert.Equal(100, embedding.Shape[1]);
        var rows = Rows(embedding, tagger.Model.Words, ReadAll(ShippedVectors));
        Assert.True(rows.Count > 100, $"{rows.Count} words found");
        Assert.All(rows, r => Assert.Equal(r.File, r.Trained));
        Assert.Contains(messages, m => m.Contains($"Word vectors '{ShippedVectors}': 100 dimensions;"));
    }

    [Theory]
    [InlineData(WordVectorTraining.Frozen, true)]
    [InlineData(WordVectorTraining.FineTuned, false)]
    public void A_language_model_starts_from_vectors_and_frozen_ones_stay(WordVectorTraining training, bool unchanged)
    {
        var numbers = new[] { "one", "two", "three", "four", "five" };
        var random = new Random(2);
        var vectors = numbers.ToDictionary(w => w, _ => Enumerable.Range(0, 4).Select(_ => (float)Math.Round(random.NextDouble() - 0.5, 3)).ToArray());
        string path = Path.Combine(_folder.FullName, "numbers.txt");
        File.WriteAllLines(path, vectors.Select(v => v.Key + " " + string.Join(' ', v.Value.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(60, seed: 1));
        var tokens = LanguageModelTestData.Tokens(mlContext).Fit(data).Transform(data);
        var options = LanguageModelTestData.Small(epochs: 2);
        options.TieEmbeddings = false;
        options.WordVectors = new PretrainedWordVectors(path) { Training = training };
        var language = mlContext.Transforms.LanguageModel(options).Fit(tokens);
        var embedding = language.Model.Weights.Single(w => w.Name == WeightNames.Embedding);
        Assert.Equal(4, embedding.Shape[1]);
        var rows = Rows(embedding, language.Vocabulary, vectors);
        Assert.Equal(5, rows.Count);
        Assert.Equal(unchanged, rows.All(r => r.File.SequenceEqual(r.Trained)));

        options = LanguageModelTestData.Small(epochs: 1);
        options.WordVectors = new PretrainedWordVectors(path);
        var error = Assert.Throws<ArgumentException>(() => mlContext.Transforms.LanguageModel(options).Fit(tokens));
        Assert.Contains("TieEmbeddings is true and WordVectors has 4 dimensions, but HiddenSize is 16", error.Message);
    }
}
