using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Encoders;
using RecurrentML.Inputs;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Pooling;
using RecurrentML.Network.RowScoring;
using RecurrentML.Persistence;

namespace RecurrentML;

/// <summary>
/// A fitted LSTM, GRU or RNN encoder: adds a column with a fixed-length encoding of each row's sequence (and,
/// optionally, a column of each row's attention step weights and a column of its training head's scores). Created by
/// <see cref="RecurrentEncoderEstimator.Fit"/> or loaded with <c>mlContext.Model.Load</c>. It holds the model's
/// description (how rows are read, the architecture, the history, the weights by name), which Save and the ONNX export
/// read; the torch network that scores is built from it.
/// </summary>
public sealed class RecurrentEncoderTransformer : ITransformer, ICanSaveModel, IDisposable
{
    internal const string LoaderSignature = "RecurrentEncoderXf";
    // 0x00010002 added the attention weights column name after the output column name.
    // 0x00010003 added the float input's standardisation (Persistence/EncoderModelFormat.cs).
    // 0x00010004 added the score column name after the attention weights column name, and the training head's weights.
    // 0x00010005 framed the encoder model with its length and a checksum (Persistence/ChecksummedPayload.cs).
    // 0x00010006 opened the frame with a marker and extended the checksum over the entry's header fields (format version
    //      included).
    private const uint FormatVersion = 0x00010006;
    private const uint EarliestReadableFormatVersion = 0x00010001;
    private const uint AttentionColumnVersion = 0x00010002;
    private const uint StandardizationVersion = 0x00010003;
    private const uint ScoreVersion = 0x00010004;
    private const uint ChecksumVersion = 0x00010005;
    private const uint MarkedChecksumVersion = 0x00010006;

    /// <summary>The header of the encoder's entries in model zips (registered in Interop/EncoderRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNENCDR", FormatVersion, EarliestReadableFormatVersion, LoaderSignature, "recurrent encoder");

    private readonly IHost _host;
    private readonly EncoderModel _model;
    private readonly BatchEncoder _encoder;
    private readonly RowEncoder _rowEncoder;
    private readonly CrossFitEncodings _crossFit;

    // crossFit: out-of-fold encodings of the training rows (RecurrentEncoderOptions.CrossFitFolds), or null;
    // candidates: what the candidate search of this Fit measured, or null without one.
    internal RecurrentEncoderTransformer(IHostEnvironment environment, string inputColumnName, string outputColumnName,
        string attentionWeightsColumnName, string scoreColumnName, EncoderModel model, BatchEncoder encoder, CrossFitEncodings crossFit = null,
        IReadOnlyList<RecurrentEncoderCandidate> candidates = null)
    {
        _crossFit = crossFit;
        Candidates = candidates ?? Array.Empty<RecurrentEncoderCandidate>();
        _host = environment.Register(nameof(RecurrentEncoderTransformer));
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        AttentionWeightsColumnName = attentionWeightsColumnName;
        ScoreColumnName = scoreColumnName;
        Outputs = EncoderOutputs.Of(attentionWeightsColumnName, scoreColumnName);
        _model = model;
        _encoder = encoder;
        _rowEncoder = new RowEncoder(model);
        // Scoring may choose kernels after Fit or Load have returned and closed their channels.
        encoder.Network.Log = message =>
        {
            using var channel = _host.Start("Scoring recurrent encoder");
            channel.LogInfo(message);
        };
    }

    /// <summary>The column read: token keys or float steps.</summary>
    public string InputColumnName { get; }

    /// <summary>The column added: a vector of <see cref="EncodingSize"/> floats.</summary>
    public string OutputColumnName { get; }

    /// <summary>The column of each row's attention weights (<see cref="SequencePooling.Attention"/>), or null when the
    /// encoder adds none: one weight per step read, summing to 1, in the order of the steps read (after truncation).</summary>
    public string AttentionWeightsColumnName { get; }

    /// <summary>The column of each row's scores from the head the encoder was trained with (see
    /// <see cref="RecurrentEncoderOptions.ScoreColumnName"/>), or null when the encoder adds none: <see cref="ScoreSize"/>
    /// values, out of fold for the rows of the view the encoder was fitted on with
    /// <see cref="RecurrentEncoderOptions.CrossFitFolds"/>.</summary>
    public string ScoreColumnName { get; }

    /// <summary>Values in the score column: 1 for a Boolean or Single label, the class count for a Key label; 0 for
    /// an encoder loaded from a model saved before format 0x00010004, which did not keep its training head.</summary>
    public int ScoreSize => _model.Head?.Outputs ?? 0;

    /// <summary>The recurrent cell.</summary>
    public RecurrentCell Cell => Shape.Cell;

    /// <summary>Units per layer and direction.</summary>
    public int HiddenSize => Shape.HiddenSize;

    /// <summary>Stacked recurrent layers.</summary>
    public int NumberOfLayers => Shape.NumberOfLayers;

    /// <summary>Whether the layers also read backwards.</summary>
    public bool Bidirectional => Shape.Bidirectional;

    /// <summary>How step outputs become the encoding.</summary>
    public SequencePooling Pooling => Shape.Pooling;

    /// <summary>Length of the output vector: <see cref="HiddenSize"/> times the number of directions.</summary>
    public int EncodingSize => Shape.EncodingSize;

    /// <summary>Longest sequence read; longer rows are cut at <see cref="Truncation"/>.</summary>
    public int MaxSequenceLength => _model.Sequence.MaxLength;

    /// <summary>Which end of an over-long sequence is dropped.</summary>
    public TruncationSide Truncation => _model.Sequence.Truncation;

    /// <summary>One report per training epoch (saved with the model).</summary>
    public IReadOnlyList<EpochReport> TrainingHistory => _model.History;

    /// <summary>With <see cref="Microsoft.ML.RecurrentCatalog.SelectRecurrentEncoder"/>, every cell and pooling tried and its
    /// cross-validated result, in the order tried; the chosen one is this encoder's <see cref="Cell"/> and
    /// <see cref="Pooling"/>. Empty otherwise, and after loading (the table is logged in Fit, not saved).</summary>
    public IReadOnlyList<RecurrentEncoderCandidate> Candidates { get; }

    bool ITransformer.IsRowToRowMapper => true;

    internal SequenceFormat Sequence => _model.Sequence;
    internal EncoderModel Model => _model;
    internal BatchEncoder Encoder => _encoder;
    /// <summary>The managed scorer of single rows (<c>PredictionEngine</c>); the same function as <see cref="Encoder"/>.</summary>
    internal RowEncoder RowEncoder => _rowEncoder;
    internal ScoreLayer Head => _model.Head;

    /// <summary>What each added column holds, in column order after the input's.</summary>
    internal IReadOnlyList<EncoderOutput> Outputs { get; }
    private NetworkShape Shape => _model.Network;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FindInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, EncodingSize));
        if (AttentionWeightsColumnName != null) builder.AddColumn(AttentionWeightsColumnName, new VectorDataViewType(NumberDataViewType.Single));
        if (ScoreColumnName != null) builder.AddColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, ScoreSize));
        return builder.ToSchema();
    }

    /// <summary>Adds the encoding column (and the optional columns). Rows are scored lazily, in batches, as a cursor
    /// moves over the result. With <see cref="RecurrentEncoderOptions.CrossFitFolds"/>, transforming the very data view
    /// this encoder was fitted on gives its training rows their out-of-fold encodings and scores.</summary>
    public IDataView Transform(IDataView input) =>
        new EncodingDataView(this, input, GetOutputSchema(input.Schema), _crossFit != null && _crossFit.IsFor(input) ? _crossFit : null);

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        new EncodingRowMapper(this, inputSchema, GetOutputSchema(inputSchema));

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _encoder.Dispose();

    /// <summary>The input column of a schema this encoder can read, or an exception naming what is wrong.</summary>
    internal DataViewSchema.Column FindInput(DataViewSchema inputSchema)
    {
        var column = inputSchema.GetColumnOrNull(InputColumnName)
            ?? throw MissingColumn.Error(nameof(inputSchema), "Input", InputColumnName, "the data scored (the encoder reads the column it was trained on)", inputSchema);
        InputKind.CheckScoringColumn(_model.Sequence, InputColumnName, column.Type);
        return column;
    }

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: input column name, output column name, attention weights column name or null (from 0x00010002),
    //      score column name or null (from 0x00010004)
    // the encoder model as laid out in Persistence/EncoderModelFormat.cs; from 0x00010005 as the payload of
    //      Persistence/ChecksummedPayload.cs, whose checksum covers the four column names too; from 0x00010006 in a
    //      marked frame whose checksum also covers the header's fields (Interop/ModelEntry.cs, ModelEntryHeader)
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        string[] columns = [InputColumnName, OutputColumnName, AttentionWeightsColumnName, ScoreColumnName];
        entry.WriteString(InputColumnName);
        entry.WriteString(OutputColumnName);
        entry.WriteStringOrNull(AttentionWeightsColumnName);
        entry.WriteStringOrNull(ScoreColumnName);
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, .. columns], writer => EncoderModelFormat.Write(writer, _model));
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static RecurrentEncoderTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        string input = entry.ReadString();
        string output = entry.ReadString();
        string attentionWeights = entry.WrittenVersion >= AttentionColumnVersion ? entry.ReadStringOrNull() : null;
        string score = entry.WrittenVersion >= ScoreVersion ? entry.ReadStringOrNull() : null;
        EncoderModel ReadModel(BinaryReader reader) => EncoderModelFormat.Read(reader,
            hasStandardization: entry.WrittenVersion >= StandardizationVersion, hasHeadField: entry.WrittenVersion >= ScoreVersion);
        var model = ChecksummedPayload.ReadFramed(entry.Reader, EncoderModelFormat.Entry, entry.WrittenVersion, ChecksumVersion, MarkedChecksumVersion,
            entry.HeaderFields, [input, output, attentionWeights, score], ReadModel);
        if (attentionWeights != null && !PoolingMethod.For(model.Network.Pooling).HasStepWeights)
            throw new InvalidDataException($"The recurrent encoder's model entry names an attention weights column '{attentionWeights}', but its pooling is {model.Network.Pooling}.");
        if (score != null && model.Head == null)
            throw new InvalidDataException($"The recurrent encoder's model entry names a score column '{score}', but holds no training head weights.");
        var host = environment.Register(nameof(RecurrentEncoderTransformer));
        using var channel = host.Start("Loading recurrent encoder");
        return new RecurrentEncoderTransformer(environment, input, output, attentionWeights, score, model, BatchEncoder.Create(model, TorchDevice.Select(environment, channel)));
    }
}
