using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;
using Xunit;

namespace RecurrentML.Tests.WordVectors;

/// <summary>An encoder whose embedding starts from pretrained word vectors: the rows found hold the file's values,
/// frozen rows stay so through training (weight decay included), fine-tuned ones move, the embedding takes the file's
/// dimension, the model loads without the file, and Fit logs the coverage.</summary>
public sealed class PretrainedWordVectorTests : IDisposable
{
    private const int Dimension = 6;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("recurrentml-vectors-");
    private readonly MLContext _context = new(seed: 1);
    private readonly IDataView _tokens;
    private readonly string[] _vocabulary;
    private readonly string _path;
    // The file's vectors: the sentiment words and half the filler words; the other filler words are not in it.
    private readonly Dictionary<string, float[]> _fileVectors = new();

    public PretrainedWordVectorTests()
    {
        var data = _context.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 3));
        _tokens = TestData.Tokens(_context).Fit(data).Transform(data);
        VBuffer<ReadOnlyMemory<char>> keys = default;
        _tokens.Schema["Tokens"].GetKeyValues(ref keys);
        _vocabulary = keys.DenseValues().Select(k => k.ToString()).ToArray();
        var random = new Random(5);
        foreach (string word in _vocabulary.Where(w => !w.StartsWith('w') || int.Parse(w[1..]) % 2 == 0))
            _fileVectors[word] = Enumerable.Range(0, Dimension).Select(_ => (float)Math.Round(random.NextDouble() - 0.5, 4)).ToArray();
        _path = Path.Combine(_folder.FullName, "vectors.vec");
        File.WriteAllLines(_path, _fileVectors.Select(v => v.Key + " " + string.Join(' ', v.Value.Select(x => x.ToString(CultureInfo.InvariantCulture))))
            .Prepend($"{_fileVectors.Count} {Dimension}"));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private LstmOptions Options(WordVectorTraining training, int epochs = 3, int frozenEpochs = 1, double weightDecay = 0)
    {
        var options = SmallOptions.Of(new LstmOptions(), hidden: 8, epochs: epochs);
        options.EmbeddingSize = 5; // not used: the file's dimension wins
        options.WeightDecay = weightDecay;
        options.WordVectors = new PretrainedWordVectors(_path) { Training = training, FrozenEpochs = frozenEpochs };
        return options;
    }

    private RecurrentEncoderTransformer Fit(LstmOptions options) => _context.Transforms.Lstm(options).Fit(_tokens);

    /// <summary>The embedding row of each word the file has, as the trained model holds it.</summary>
    private Dictionary<string, float[]> FoundRows(RecurrentEncoderTransformer encoder)
    {
        var embedding = encoder.Model.Weights.Single(w => w.Name == WeightNames.Embedding);
        Assert.Equal(new long[] { _vocabulary.Length + 1, Dimension }, embedding.Shape);
        return _fileVectors.Keys.ToDictionary(word => word,
            word => embedding.Values.AsSpan((Array.IndexOf(_vocabulary, word) + 1) * Dimension, Dimension).ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Frozen_vectors_are_the_files_values_after_training(double weightDecay)
    {
        foreach (var (word, row) in FoundRows(Fit(Options(WordVectorTraining.Frozen, weightDecay: weightDecay))))
            Assert.Equal(_fileVectors[word], row);
    }

    [Fact]
    public void Vectors_frozen_for_every_epoch_trained_stay_and_those_frozen_for_fewer_move()
    {
        foreach (var (word, row) in FoundRows(Fit(Options(WordVectorTraining.FrozenFirstEpochs, epochs: 2, frozenEpochs: 2))))
            Assert.Equal(_fileVectors[word], row);
        var moved = FoundRows(Fit(Options(WordVectorTraining.FrozenFirstEpochs, epochs: 2, frozenEpochs: 1)));
        Assert.Contains(moved, r => !r.Value.SequenceEqual(_fileVectors[r.Key]));
    }

    [Fact]
    public void Fine_tuned_vectors_start_from_the_file_and_move()
    {
        var tuned = FoundRows(Fit(Options(WordVectorTraining.FineTuned)));
        Assert.Contains(tuned, r => !r.Value.SequenceEqual(_fileVectors[r.Key]));
        // Moved from the file's values, not drawn anew: one epoch at a small rate leaves every row near them.
        var options = Options(WordVectorTraining.FineTuned, epochs: 1);
        options.LearningRate = 1e-4;
        foreach (var (word, row) in FoundRows(Fit(options)))
            for (int i = 0; i < Dimension; i++) Assert.Equal(_fileVectors[word][i], row[i], 0.01f);
    }

    [Fact]
    public void The_model_loads_and_scores_without_the_vector_file()
    {
        var encoder = Fit(Options(WordVectorTraining.Frozen));
        string zip = Path.Combine(_folder.FullName, "model.zip");
        _context.Model.Save(encoder, _tokens.Schema, zip);
        File.Delete(_path);
        var loaded = _context.Model.Load(zip, out _);
        var expected = encoder.Transform(_tokens).GetColumn<float[]>("Features").ToList();
        var actual = loaded.Transform(_tokens).GetColumn<float[]>("Features").ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            for (int j = 0; j < expected[i].Length; j++) Assert.Equal(expected[i][j], actual[i][j], 1e-6f);
    }

    [Fact]
    public void Fit_logs_the_coverage()
    {
        var messages = new List<string>();
        var context = new MLContext(seed: 1);
        context.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        context.Transforms.Lstm(Options(WordVectorTraining.Frozen, epochs: 1)).Fit(_tokens);
        int found = _fileVectors.Count;
        Assert.Contains(messages, m => m.Contains($"Word vectors '{_path}': {Dimension} dimensions; {found} of the {_vocabulary.Length} vocabulary words found"));
    }

    [Fact]
    public void Vectors_for_float_input_or_beside_a_language_model_are_refused()
    {
        var series = _context.Data.LoadFromEnumerable(new[] { new SeriesRow { Values = new float[] { 1, 2, 3 }, Label = true }, new SeriesRow { Values = new float[] { 3, 2, 1 }, Label = false } });
        var options = Options(WordVectorTraining.Frozen);
        options.InputColumnName = "Values";
        var error = Assert.Throws<ArgumentException>(() => _context.Transforms.Lstm(options).Fit(series));
        Assert.Contains("WordVectors is set, but input column 'Values' holds Vector<Single, 3>", error.Message);

        options = Options(WordVectorTraining.Frozen);
        options.LanguageModelPretraining = new LanguageModelOptions();
        error = Assert.Throws<ArgumentException>(() => _context.Transforms.Lstm(options));
        Assert.Contains("WordVectors and LanguageModelPretraining are both set", error.Message);
    }

    private sealed class SeriesRow
    {
        [VectorType(3)]
        public float[] Values { get; set; }

        public bool Label { get; set; }
    }
}
