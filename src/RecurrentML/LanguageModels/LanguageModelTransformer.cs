using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.LanguageModels;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Persistence;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// A fitted recurrent language model. <see cref="Generate(string, GenerationOptions)"/> and
/// <see cref="GenerateTokens"/> continue a prompt; <see cref="Transform"/> adds a text column with the continuation
/// of each row's token column (the prompt); <see cref="Evaluate"/> measures it on other text; an encoder can start
/// from its layers (<see cref="RecurrentEncoderOptions.PretrainedLanguageModel"/>). Created by
/// <see cref="LanguageModelEstimator.Fit"/> or loaded with <c>mlContext.Model.Load</c>.
/// </summary>
public sealed class LanguageModelTransformer : ITransformer, ICanSaveModel, IDisposable
{
    internal const string LoaderSignature = "RecurrentLanguageModel";
    // 0x00010002 framed the generation options and the language model with their length and a checksum
    // (Persistence/ChecksummedPayload.cs).
    // 0x00010003 opened the frame with a marker and extended the checksum over the entry's header fields (format version
    //      included).
    private const uint FormatVersion = 0x00010003;
    private const uint EarliestReadableFormatVersion = 0x00010001;
    private const uint ChecksumVersion = 0x00010002;
    private const uint MarkedChecksumVersion = 0x00010003;

    /// <summary>The header of the language model's entries in model zips (registered in Interop/LanguageModelRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNLANGM", FormatVersion, EarliestReadableFormatVersion, LoaderSignature, "language model");

    private readonly IHost _host;
    private readonly LanguageModel _model;
    private readonly TextGenerator _generator;
    private readonly Dictionary<string, int> _ids;
    private readonly GenerationOptions _generation;

    internal LanguageModelTransformer(IHostEnvironment environment, string inputColumnName, string outputColumnName, GenerationOptions generation,
        LanguageModel model, TextGenerator generator)
    {
        _host = environment.Register(nameof(LanguageModelTransformer));
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        _generation = generation.Clone();
        _model = model;
        _generator = generator;
        // A key's text can repeat only if the key column was made that way; the first key wins.
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < model.Vocabulary.Count; i++) _ids.TryAdd(model.Vocabulary[i], i + 1);
        generator.Network.Log = message =>
        {
            using var channel = _host.Start("Generating with recurrent language model");
            channel.LogInfo(message);
        };
    }

    /// <summary>The token key column read: the training text, and the prompt in <see cref="Transform"/>.</summary>
    public string InputColumnName { get; }

    /// <summary>The text column <see cref="Transform"/> adds.</summary>
    public string OutputColumnName { get; }

    /// <summary>The generation options of the output column (a copy; change it and pass it to
    /// <see cref="Generate(string, GenerationOptions)"/> for other ones).</summary>
    public GenerationOptions Generation => _generation.Clone();

    /// <summary>The recurrent cell.</summary>
    public RecurrentCell Cell => _model.Shape.Layers.Cell;

    /// <summary>Values per token embedding.</summary>
    public int EmbeddingSize => _model.Shape.Layers.InputSize;

    /// <summary>Units per layer.</summary>
    public int HiddenSize => _model.Shape.Layers.HiddenSize;

    /// <summary>Stacked recurrent layers.</summary>
    public int NumberOfLayers => _model.Shape.Layers.NumberOfLayers;

    /// <summary>Whether the output layer shares the embedding's weights.</summary>
    public bool TiedEmbeddings => _model.Shape.TiedEmbeddings;

    /// <summary>The text of each key the model was trained on: entry k - 1 is key k.</summary>
    public IReadOnlyList<string> Vocabulary => _model.Vocabulary;

    /// <summary>One report per training epoch: the training and validation loss (nats per token) and the validation
    /// perplexity (saved with the model).</summary>
    public IReadOnlyList<EpochReport> TrainingHistory => _model.History;

    bool ITransformer.IsRowToRowMapper => true;

    internal LanguageModel Model => _model;

    /// <summary>Continues <paramref name="prompt"/>, a text of tokens separated by whitespace (as
    /// <c>TokenizeIntoWords</c> splits it; give it the normalisation the training text had, such as lower case), and
    /// returns the generated tokens joined by the model's token separator. Tokens the model does not know read as
    /// unknown.</summary>
    /// <param name="prompt">The start of the text; empty starts a new row from nothing.</param>
    /// <param name="options">How to sample; null uses <see cref="Generation"/>.</param>
    public string Generate(string prompt, GenerationOptions options = null) =>
        string.Join(_model.TokenSeparator, GenerateTokens((prompt ?? throw new ArgumentNullException(nameof(prompt)))
            .Split((char[])null, StringSplitOptions.RemoveEmptyEntries), options));

    /// <summary>Continues the tokens <paramref name="prompt"/> and returns the generated tokens: at most
    /// <see cref="GenerationOptions.MaxTokens"/>, ending early at the end of a row or after a stop token.</summary>
    public IReadOnlyList<string> GenerateTokens(IEnumerable<string> prompt, GenerationOptions options = null)
    {
        if (prompt == null) throw new ArgumentNullException(nameof(prompt));
        return GenerateIds(prompt.Select(t => _ids.TryGetValue(t, out int id) ? id : SequenceFormat.UnknownToken).ToArray(), options)
            .Select(id => _model.Vocabulary[id - 1]).ToList();
    }

    /// <summary>Measures the model on the rows of <paramref name="data"/>'s token column, read in order, each followed
    /// by an end of row (which counts as a token): the text is cut into up to 32 streams (fewer for a text shorter than
    /// 32 times two chunks) read side by side in chunks of 64 steps, state carried, and the tail that does not fill a
    /// stream is left out. The training's validation perplexity is measured the same way with the options'
    /// <see cref="RecurrentTrainingOptions.BatchSize"/> streams and <see cref="LanguageModelOptions.ChunkLength"/>, so the
    /// two agree when those are at their defaults (32 and 64).</summary>
    public LanguageModelEvaluation Evaluate(IDataView data)
    {
        if (data == null) throw new ArgumentNullException(nameof(data));
        var rows = TokenRows.Read(data, FindInput(data.Schema), _model.Shape.VocabularySize);
        long tokens = rows.Sum(r => r.Length + 1L);
        var batches = new TokenBatches(rows, _model.Shape.EndOfRow, TokenBatches.ColumnsFor(tokens, 32, 64), 64);
        if (batches.TargetCount == 0) throw new ArgumentOutOfRangeException(nameof(data), $"The data's column '{InputColumnName}' holds {tokens} tokens; evaluating needs at least 2.");
        double loss = _generator.MeanLoss(batches);
        return new LanguageModelEvaluation(Math.Exp(loss), loss, batches.TargetCount, rows.Sum(r => r.Count(id => id == SequenceFormat.UnknownToken)));
    }

    internal List<int> GenerateIds(IReadOnlyList<int> prompt, GenerationOptions options)
    {
        options ??= _generation;
        options.Validate();
        var stopIds = options.StopTokens.Where(_ids.ContainsKey).Select(t => _ids[t]).ToHashSet();
        return _generator.Generate(prompt, options, stopIds);
    }

    internal TextGenerator Generator => _generator;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FindInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, TextDataViewType.Instance);
        return builder.ToSchema();
    }

    /// <summary>Adds the text column: for each row, the continuation of its token column, sampled with
    /// <see cref="Generation"/> (the same seed for every row, so a row's text does not depend on the rows before it).</summary>
    public IDataView Transform(IDataView input) => new MappedRowsDataView(input, new GeneratedTextMapper(this, input.Schema, GetOutputSchema(input.Schema)));

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new GeneratedTextMapper(this, inputSchema, GetOutputSchema(inputSchema));

    /// <summary>The continuation of ids read from a row, as the output column's text.</summary>
    internal string GenerateText(ReadOnlySpan<int> prompt) =>
        string.Join(_model.TokenSeparator, GenerateIds(prompt.ToArray(), null).Select(id => _model.Vocabulary[id - 1]));

    internal DataViewSchema.Column FindInput(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(InputColumnName)
            ?? throw MissingColumn.Error(nameof(schema), "Input", InputColumnName, "the data scored (the language model reads the column it was trained on)", schema);
        if (column.Type is not VectorDataViewType { ItemType: KeyDataViewType { RawType: var raw } } || raw != typeof(uint))
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Input column '{InputColumnName}' has type {column.Type}; expected Vector<Key<UInt32>> (token ids, e.g. from MapValueToKey).");
        return column;
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _generator.Dispose();

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: input column name, output column name
    // int: generation max tokens, double: temperature, int: top-k, double: top-p, int: seed, int: stop token count,
    //      string[count] stop tokens
    // the language model as laid out in Persistence/LanguageModelFormat.cs
    // (from 0x00010002) the generation options and the language model are the payload of
    //      Persistence/ChecksummedPayload.cs, whose checksum covers the two column names too; from 0x00010003 in a
    //      marked frame whose checksum also covers the header's fields (Interop/ModelEntry.cs, ModelEntryHeader)
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        entry.WriteString(InputColumnName);
        entry.WriteString(OutputColumnName);
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, InputColumnName, OutputColumnName], w =>
        {
            w.Write(_generation.MaxTokens);
            w.Write(_generation.Temperature);
            w.Write(_generation.TopK);
            w.Write(_generation.TopP);
            w.Write(_generation.Seed);
            w.Write(_generation.StopTokens.Length);
            foreach (string token in _generation.StopTokens) w.Write(token);
            LanguageModelFormat.Write(w, _model);
        });
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static LanguageModelTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        string input = entry.ReadString();
        string output = entry.ReadString();
        var (generation, model) = ChecksummedPayload.ReadFramed(entry.Reader, LanguageModelFormat.Entry, entry.WrittenVersion, ChecksumVersion,
            MarkedChecksumVersion, entry.HeaderFields, [input, output], ReadPayload);
        var host = environment.Register(nameof(LanguageModelTransformer));
        using var channel = host.Start("Loading recurrent language model");
        return new LanguageModelTransformer(environment, input, output, generation, model, TextGenerator.Create(model, TorchDevice.Select(environment, channel)));
    }

    private static (GenerationOptions, LanguageModel) ReadPayload(BinaryReader r)
    {
        GenerationOptions generation;
        try
        {
            generation = new GenerationOptions { MaxTokens = r.ReadInt32(), Temperature = r.ReadDouble(), TopK = r.ReadInt32(), TopP = r.ReadDouble(), Seed = r.ReadInt32() };
            int stops = r.ReadInt32();
            if (stops < 0 || stops > 1 << 16) throw new InvalidDataException($"{LanguageModelFormat.Entry} has {stops} stop tokens; expected 0 to {1 << 16}.");
            generation.StopTokens = Enumerable.Range(0, stops).Select(_ => r.ReadString()).ToArray();
            generation.Validate();
        }
        catch (Exception e) when (e is ArgumentException or IOException or FormatException)
        {
            throw new InvalidDataException($"{LanguageModelFormat.Entry} has invalid generation options: {e.Message}", e);
        }
        return (generation, LanguageModelFormat.Read(r));
    }
}
