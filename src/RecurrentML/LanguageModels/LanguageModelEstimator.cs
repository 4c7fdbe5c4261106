using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.LanguageModels;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// Trains a recurrent language model on a column of token keys, with no label: every step learns to predict the
/// next token (<see cref="LanguageModelOptions"/>). Returns a <see cref="LanguageModelTransformer"/>, which generates
/// text and can hand its layers to an encoder. Created by <c>mlContext.Transforms.LstmLanguageModel</c>,
/// <c>GruLanguageModel</c>, <c>RnnLanguageModel</c> or <c>LanguageModel</c>. The constructor only checks and stores
/// the options; <see cref="Fit"/> does the work.
/// </summary>
public sealed class LanguageModelEstimator : IEstimator<LanguageModelTransformer>
{
    private readonly IHost _host;
    private readonly LanguageModelOptions _options;

    internal LanguageModelEstimator(IHostEnvironment environment, LanguageModelOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        _host = environment.Register(nameof(LanguageModelEstimator));
        _options = options;
    }

    /// <summary>Checks that the token column exists as Vector&lt;Key&lt;UInt32&gt;&gt; and adds the generated text column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var input = inputSchema.FirstOrDefault(c => c.Name == _options.InputColumnName);
        if (input.Name == null)
            throw MissingColumn.Error(nameof(inputSchema), "Input", _options.InputColumnName, MissingColumn.InputOption, inputSchema.Select(c => c.Name));
        if (!input.IsKey || input.ItemType != NumberDataViewType.UInt32 || input.Kind == SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Input column '{_options.InputColumnName}' has type {MlNetInternals.TypeName(input)}; expected Vector<Key<UInt32>> (token ids, e.g. from MapValueToKey).");
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.OutputColumnName] = MlNetInternals.TextColumn(_options.OutputColumnName);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Reads the token column's rows in order, trains the language model and returns it.</summary>
    public LanguageModelTransformer Fit(IDataView input)
    {
        if (input == null) throw new ArgumentNullException(nameof(input));
        var settings = _options.ToSettings(_host, GateInitialization.Uniform, chronoMaxTimescale: 3);
        settings.Cancellation.ThrowIfCancelled();
        var column = input.Schema.GetColumnOrNull(_options.InputColumnName)
            ?? throw MissingColumn.Error(nameof(input), "Input", _options.InputColumnName, MissingColumn.InputOption, input.Schema);
        if (column.Type is not VectorDataViewType { ItemType: KeyDataViewType key } || key.RawType != typeof(uint) || key.Count > int.MaxValue - 2)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"Input column '{_options.InputColumnName}' has type {column.Type}; expected Vector<Key<UInt32>> (token ids, e.g. from MapValueToKey).");
        int vocabularySize = (int)key.Count;
        var vocabulary = TokenRows.Vocabulary(column, vocabularySize);
        var rows = TokenRows.Read(input, column, vocabularySize);

        using var channel = _host.Start("Training recurrent language model");
        var device = TorchDevice.Select(_host, channel);
        if (_options.WordVectors is { } vectorFile)
        {
            settings = settings with { WordVectors = WordVectorStart.Read(vectorFile, vocabulary, rows.Select(r => (ReadOnlyMemory<int>)r), channel.LogInfo) };
            int dimension = settings.WordVectors.Vectors.Dimension;
            if (_options.TieEmbeddings && _options.HiddenSize != dimension)
                throw new ArgumentException($"TieEmbeddings is true and WordVectors has {dimension} dimensions, but HiddenSize is {_options.HiddenSize}; tied output " +
                    $"weights are the embedding, so set HiddenSize to {dimension} or TieEmbeddings to false.", nameof(LanguageModelOptions.WordVectors));
        }
        var shape = LanguageModelShape.Create(_options.Cell, vocabularySize, settings.WordVectors?.Vectors.Dimension ?? _options.EmbeddingSize, _options.HiddenSize,
            _options.NumberOfLayers, _options.TieEmbeddings, _options.Nonlinearity);
        var trained = new LanguageModelTrainer(settings, _options.ChunkLength, channel.LogInfo, channel.LogTrace).Train(rows, shape, device);
        var model = new LanguageModel(shape, vocabulary, _options.TokenSeparator, trained.History, NetworkWeights.Export(trained.Network));
        return new LanguageModelTransformer(_host, _options.InputColumnName, _options.OutputColumnName, _options.Generation, model,
            new TextGenerator(trained.Network, device));
    }
}
