using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Heads;
using RecurrentML.Network.RowScoring;
using RecurrentML.Persistence;
using RecurrentML.Tagging;

namespace RecurrentML;

/// <summary>
/// A fitted recurrent sequence tagger: adds each token's predicted tag (a vector of keys of the training label's type,
/// one per token, with the tags as key values) and each token's probability of every tag. Every token gets a tag:
/// a sentence is never cut. Created by <see cref="RecurrentTaggerEstimator.Fit"/> or loaded with
/// <c>mlContext.Model.Load</c>; it holds the model's description, which Save reads and the torch network is built from.
/// </summary>
public sealed class RecurrentTaggerTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "RecurrentTaggerXf";
    private const uint FormatVersion = 0x00010001;
    private const uint EarliestReadableFormatVersion = 0x00010001;

    /// <summary>The header of the tagger's entries in model zips (registered in Interop/TaggerRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNTAGGR", FormatVersion, EarliestReadableFormatVersion, LoaderSignature, "recurrent tagger");

    private readonly IHost _host;
    private readonly TaggerModel _model;
    private readonly TaggerScorer _scorer;
    private readonly RowTagger _rowTagger;
    private readonly TaggerVocabulary _vocabulary;

    internal RecurrentTaggerTransformer(IHostEnvironment environment, string tokensColumnName, string predictedLabelColumnName, string scoreColumnName,
        TaggerModel model, TaggerScorer scorer)
    {
        _host = environment.Register(nameof(RecurrentTaggerTransformer));
        TokensColumnName = tokensColumnName;
        PredictedLabelColumnName = predictedLabelColumnName;
        ScoreColumnName = scoreColumnName;
        _model = model;
        _scorer = scorer;
        _rowTagger = new RowTagger(model);
        _vocabulary = new TaggerVocabulary(model.Words, model.LowercaseWords, model.Characters);
    }

    /// <summary>The token column read: a vector of Text.</summary>
    public string TokensColumnName { get; }

    /// <summary>The column of predicted tags: a vector of keys, one per token.</summary>
    public string PredictedLabelColumnName { get; }

    /// <summary>The column of each token's probability of every tag: tokens x <see cref="Tags"/>.Count values.</summary>
    public string ScoreColumnName { get; }

    /// <summary>The tags, in key order: tag k - 1 is key k.</summary>
    public IReadOnlyList<string> Tags => _model.Tags;

    /// <summary>The recurrent cell.</summary>
    public RecurrentCell Cell => _model.Layers.Cell;

    /// <summary>Softmax or CRF.</summary>
    public TaggerOutputLayer OutputLayer => _model.OutputLayer;

    /// <summary>Words the tagger knows; every other word reads as unknown.</summary>
    public int VocabularySize => _model.Words.Count;

    /// <summary>One report per training epoch (saved with the model).</summary>
    public IReadOnlyList<EpochReport> TrainingHistory => _model.History;

    bool ITransformer.IsRowToRowMapper => true;

    internal TaggerModel Model => _model;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        TaggedColumns.Tokens(inputSchema, TokensColumnName, nameof(inputSchema));
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        var annotations = new DataViewSchema.Annotations.Builder();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> keyValues = (ref VBuffer<ReadOnlyMemory<char>> values) =>
            values = new VBuffer<ReadOnlyMemory<char>>(_model.Tags.Count, _model.Tags.Select(t => t.AsMemory()).ToArray());
        // "KeyValues" is the annotation MapKeyToValue and the evaluators read the tags from.
        annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, _model.Tags.Count), keyValues);
        builder.AddColumn(PredictedLabelColumnName, new VectorDataViewType(new KeyDataViewType(typeof(uint), _model.Tags.Count)), annotations.ToAnnotations());
        builder.AddColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single));
        return builder.ToSchema();
    }

    /// <summary>Adds the predicted tags and scores as a cursor moves over the result, tagging a block of sentences read
    /// ahead at a time (<see cref="TaggingDataView"/>).</summary>
    public IDataView Transform(IDataView input) =>
        new TaggingDataView(this, input, GetOutputSchema(input.Schema), TaggedColumns.Tokens(input.Schema, TokensColumnName, nameof(input)));

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Mapper(inputSchema);

    private TaggerRowMapper Mapper(DataViewSchema inputSchema) =>
        new(this, inputSchema, GetOutputSchema(inputSchema), TaggedColumns.Tokens(inputSchema, TokensColumnName, nameof(inputSchema)));

    /// <summary>The 1-based tag keys of each sentence and each token's probability of every tag, in the order given
    /// (many sentences per network call); empty for no tokens.</summary>
    internal (uint[] Keys, float[] Probabilities)[] Tag(IReadOnlyList<IReadOnlyList<string>> sentences) =>
        _scorer.Tag(sentences.Select(tokens => _vocabulary.Sentence(tokens, [])).ToArray()).Select(Keys).ToArray();

    /// <summary>What <see cref="Tag"/> gives one sentence, computed in managed code on the calling thread
    /// (<see cref="RowTagger"/>): the <c>PredictionEngine</c> path.</summary>
    internal (uint[] Keys, float[] Probabilities) TagSentence(IReadOnlyList<string> tokens) => Keys(_rowTagger.Tag(_vocabulary.Sentence(tokens, [])));

    private static (uint[] Keys, float[] Probabilities) Keys((long[] Tags, float[] Probabilities) tagged) =>
        (Array.ConvertAll(tagged.Tags, t => (uint)(t + 1)), tagged.Probabilities);

    /// <summary>What this tagger's ONNX graph (<see cref="RecurrentOnnx.Export(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, Microsoft.ML.IDataView, Stream)"/>) reads for one sentence of at least one
    /// token: its word ids and, with character features, its character ids (<see cref="TaggerOnnxInput"/>).</summary>
    public TaggerOnnxInput OnnxInput(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0 || tokens.Any(t => t is null))
            throw new ArgumentException($"The sentence has {tokens.Count} tokens{(tokens.Count == 0 ? "" : ", one of them null")}; the ONNX graph needs at least one token, none null (a sentence of no tokens has no tags).", nameof(tokens));
        var sentence = _vocabulary.Sentence(tokens, []);
        if (sentence.Characters == null) return new TaggerOnnxInput(sentence.Words, null, 0);
        int width = Math.Max(1, sentence.Characters.Max(c => c.Length));
        var characters = new long[tokens.Count * width];
        for (int t = 0; t < tokens.Count; t++)
            for (int c = 0; c < sentence.Characters[t].Length; c++) characters[t * width + c] = sentence.Characters[t][c];
        return new TaggerOnnxInput(sentence.Words, characters, width);
    }

    /// <summary>The tags (1-based keys, as in the predicted label column) and each token's probability of every tag
    /// (as in the score column) from the emissions a CRF tagger's ONNX graph outputs for one sentence,
    /// <c>{score column}.Emissions</c> ([1, tokens, tags], read row-major): the Viterbi path and the marginals, which
    /// are not in the graph.</summary>
    public (uint[] Tags, float[] Scores) DecodeEmissions(ReadOnlySpan<float> emissions)
    {
        if (TagOutput.For(OutputLayer).DecodesInOnnx)
            throw new InvalidOperationException($"This tagger's output layer is {OutputLayer}; its ONNX graph outputs the tags and scores itself, and only a CRF's emissions need decoding.");
        int tags = _model.Tags.Count;
        if (emissions.Length == 0 || emissions.Length % tags != 0)
            throw new ArgumentException($"Emissions hold {emissions.Length} values; expected a positive multiple of the {tags} tags (tokens x tags).", nameof(emissions));
        var path = new int[emissions.Length / tags];
        var scores = new float[emissions.Length];
        _rowTagger.Decode(emissions, path, scores);
        return (Array.ConvertAll(path, t => (uint)(t + 1)), scores);
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _scorer.Dispose();

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: tokens column name, predicted label column name, score column name
    // the tagger model as laid out in Persistence/TaggerModelFormat.cs, as the payload of a marked
    //      Persistence/ChecksummedPayload.cs frame whose checksum covers the header's fields and the column names
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        entry.WriteString(TokensColumnName);
        entry.WriteString(PredictedLabelColumnName);
        entry.WriteString(ScoreColumnName);
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, TokensColumnName, PredictedLabelColumnName, ScoreColumnName],
            writer => TaggerModelFormat.Write(writer, _model));
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static RecurrentTaggerTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        string tokens = entry.ReadString();
        string predicted = entry.ReadString();
        string score = entry.ReadString();
        var model = ChecksummedPayload.ReadFramed(entry.Reader, TaggerModelFormat.Entry, entry.WrittenVersion, FormatVersion, FormatVersion,
            entry.HeaderFields, [tokens, predicted, score], TaggerModelFormat.Read);
        var host = environment.Register(nameof(RecurrentTaggerTransformer));
        using var channel = host.Start("Loading recurrent tagger");
        return new RecurrentTaggerTransformer(environment, tokens, predicted, score, model, TaggerScorer.Create(model, TorchDevice.Select(environment, channel)));
    }
}
