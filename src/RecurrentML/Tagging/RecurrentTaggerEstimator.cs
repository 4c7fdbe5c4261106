using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Characters;
using RecurrentML.Targets;
using RecurrentML.Tagging;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// Trains a recurrent sequence tagger: one tag per token (parts of speech, named entities), from a column of tokens and
/// a column of one tag key per token (<see cref="RecurrentTaggerOptions"/>). Returns a
/// <see cref="RecurrentTaggerTransformer"/>, which adds each token's predicted tag and its probabilities. Created by
/// <c>mlContext.MulticlassClassification.Trainers.RecurrentTagger</c>. The constructor only checks and stores the
/// options; <see cref="Fit"/> does the work.
/// </summary>
public sealed class RecurrentTaggerEstimator : IEstimator<RecurrentTaggerTransformer>
{
    /// <summary>Characters of a word the character features read: longer words keep their first and last ten, where
    /// prefixes and suffixes are.</summary>
    private const int MaxWordCharacters = 20;

    private readonly IHost _host;
    private readonly RecurrentTaggerOptions _options;

    internal RecurrentTaggerEstimator(IHostEnvironment environment, RecurrentTaggerOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        _host = environment.Register(nameof(RecurrentTaggerEstimator));
        _options = options;
    }

    /// <summary>Checks the token and label columns and adds the predicted-label and score columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var tokens = inputSchema.FirstOrDefault(c => c.Name == _options.TokensColumnName);
        if (tokens.Name == null || tokens.ItemType != TextDataViewType.Instance || tokens.Kind == SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), tokens.Name == null
                ? $"Tokens column '{_options.TokensColumnName}' was not found; the data has the columns {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}."
                : $"Tokens column '{_options.TokensColumnName}' has type {MlNetInternals.TypeName(tokens)}; expected Vector<String>.");
        var label = StepTags.CheckShape(inputSchema, _options.LabelColumnName);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.PredictedLabelColumnName] = MlNetInternals.KeyVectorColumn(_options.PredictedLabelColumnName, label);
        columns[_options.ScoreColumnName] = MlNetInternals.FloatVectorColumn(_options.ScoreColumnName);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Reads every sentence, trains the tagger and returns it.</summary>
    public RecurrentTaggerTransformer Fit(IDataView input)
    {
        if (input == null) throw new ArgumentNullException(nameof(input));
        var settings = _options.ToSettings(_host, GateInitialization.Uniform, chronoMaxTimescale: 3);
        settings.Cancellation.ThrowIfCancelled();
        var tokens = TaggedColumns.Tokens(input.Schema, _options.TokensColumnName, nameof(input));
        var (labels, target) = StepTags.FromColumn(input.Schema, _options.LabelColumnName, nameof(input));
        var sentences = TaggedColumns.ReadTraining(input, tokens, labels);
        if (sentences.All(s => s.Tokens.Length == 0))
            throw new InvalidOperationException($"No training tokens: every row of column '{_options.TokensColumnName}' is empty.");
        var words = TaggerVocabulary.FrequentWords(sentences.Select(s => s.Tokens), _options.MinWordCount, _options.LowercaseWords);
        var characters = _options.CharacterFeatures
            ? new CharacterFeatures(CharacterVocabulary.Build(sentences.SelectMany(s => s.Tokens)).Characters, CharacterCnn.DefaultEmbeddingSize,
                _options.CharacterFilters, CharacterCnn.DefaultWidth, MaxWordCharacters)
            : null;
        var vocabulary = new TaggerVocabulary(words, _options.LowercaseWords, characters);

        using var channel = _host.Start("Training recurrent tagger");
        var device = TorchDevice.Select(_host, channel);
        var ids = sentences.Select(s => vocabulary.Sentence(s.Tokens, s.Tags)).ToList();
        if (_options.WordVectors is { } vectorFile)
            settings = settings with
            {
                WordVectors = WordVectorStart.Read(vectorFile, words, ids.Select(s => (ReadOnlyMemory<int>)s.Words.Select(w => (int)w).ToArray()), channel.LogInfo),
            };
        int wordEmbeddingSize = settings.WordVectors?.Vectors.Dimension ?? _options.EmbeddingSize;
        var layers = new NetworkShape(_options.Cell, EmbeddingRows: 0, InputSize: wordEmbeddingSize + (characters?.Filters ?? 0), _options.HiddenSize,
            _options.NumberOfLayers, _options.Bidirectional, SequencePooling.Last, _options.Nonlinearity);
        var shape = new TaggerModelShape(words.Count + 1, characters, layers, target.Tags.Length, _options.OutputLayer);
        channel.LogInfo($"Tagger vocabulary: {words.Count} words seen at least {_options.MinWordCount} times" +
            (characters != null ? $", {characters.Alphabet.Count} characters" : "") + $"; {target.Tags.Length} tags.");
        var trained = new TaggerTrainer(settings, channel.LogInfo, channel.LogTrace).Train(ids, shape, target, device);
        var model = new TaggerModel(words, _options.LowercaseWords, characters, target.Tags, layers, _options.OutputLayer, trained.History, NetworkWeights.Export(trained.Network));
        return new RecurrentTaggerTransformer(_host, _options.TokensColumnName, _options.PredictedLabelColumnName, _options.ScoreColumnName, model,
            new TaggerScorer(trained.Network, device));
    }
}
