using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Encoders;
using RecurrentML.Interop;
using RecurrentML.Network;
using RecurrentML.Persistence;
using TorchSharp;

namespace RecurrentML;

/// <summary>
/// A fitted LSTM, GRU or RNN encoder: adds a column with a fixed-length encoding of each row's sequence. Created by
/// <see cref="RecurrentEncoderEstimator.Fit"/> or loaded with <c>mlContext.Model.Load</c>; it holds the learned
/// weights, which are saved inside the model zip.
/// </summary>
public sealed class RecurrentEncoderTransformer : ITransformer, ICanSaveModel, IDisposable
{
    internal const string LoaderSignature = "RecurrentEncoderXf";
    private const uint FormatVersion = 0x00010001;
    private const uint EarliestReadableFormatVersion = 0x00010001;

    /// <summary>The header of the encoder's entries in model zips (registered in Interop/EncoderRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNENCDR", FormatVersion, EarliestReadableFormatVersion, LoaderSignature);

    private readonly IHost _host;
    private readonly SequenceFormat _sequence;
    private readonly BatchEncoder _encoder;

    internal RecurrentEncoderTransformer(IHostEnvironment environment, string inputColumnName, string outputColumnName,
        SequenceFormat sequence, BatchEncoder encoder, IReadOnlyList<EpochReport> history)
    {
        _host = environment.Register(nameof(RecurrentEncoderTransformer));
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        _sequence = sequence;
        _encoder = encoder;
        TrainingHistory = history;
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
    public int MaxSequenceLength => _sequence.MaxLength;

    /// <summary>Which end of an over-long sequence is dropped.</summary>
    public TruncationSide Truncation => _sequence.Truncation;

    /// <summary>One report per training epoch (saved with the model).</summary>
    public IReadOnlyList<EpochReport> TrainingHistory { get; }

    bool ITransformer.IsRowToRowMapper => true;

    internal SequenceFormat Sequence => _sequence;
    internal BatchEncoder Encoder => _encoder;
    private NetworkShape Shape => _encoder.Network.Shape;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FindInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, EncodingSize));
        return builder.ToSchema();
    }

    /// <summary>Adds the encoding column. Rows are scored lazily, in batches, as a cursor moves over the result.</summary>
    public IDataView Transform(IDataView input) => new EncodingDataView(this, input, GetOutputSchema(input.Schema));

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        new EncodingRowMapper(this, inputSchema, GetOutputSchema(inputSchema));

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _encoder.Dispose();

    /// <summary>The input column of a schema this encoder can read, or an exception naming what is wrong.</summary>
    internal DataViewSchema.Column FindInput(DataViewSchema inputSchema)
    {
        var column = inputSchema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{InputColumnName}' was not found in the data.");
        _sequence.CheckScoringColumn(InputColumnName, column.Type);
        return column;
    }

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: input column name, output column name
    // the encoder model as laid out in Persistence/EncoderModelFormat.cs
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        entry.WriteString(InputColumnName);
        entry.WriteString(OutputColumnName);
        EncoderModelFormat.Write(entry.Writer, new EncoderModel(_sequence, Shape, TrainingHistory, NetworkWeights.Export(_encoder.Network)));
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static RecurrentEncoderTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        string input = entry.ReadString();
        string output = entry.ReadString();
        var model = EncoderModelFormat.Read(entry.Reader);
        var host = environment.Register(nameof(RecurrentEncoderTransformer));
        using var channel = host.Start("Loading recurrent encoder");
        var device = TorchDevice.Select(environment, channel);
        var network = new EncoderNetwork(model.Network);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new RecurrentEncoderTransformer(environment, input, output, model.Sequence, new BatchEncoder(network, device), model.History);
    }

    internal static void CheckFormatVersion(uint written, uint readableBy)
    {
        string assembly = typeof(RecurrentEncoderTransformer).Assembly.GetName().Version?.ToString() ?? "unknown";
        if (readableBy > FormatVersion)
            throw new InvalidDataException(
                $"The model's recurrent encoder was saved in format version 0x{written:X8} by a newer RecurrentML; RecurrentML {assembly} " +
                $"reads format versions 0x{EarliestReadableFormatVersion:X8} to 0x{FormatVersion:X8}. Update RecurrentML to load it.");
        if (written < EarliestReadableFormatVersion)
            throw new InvalidDataException(
                $"The model's recurrent encoder was saved in format version 0x{written:X8} by an older RecurrentML; RecurrentML {assembly} " +
                $"reads format versions 0x{EarliestReadableFormatVersion:X8} to 0x{FormatVersion:X8}. Fit the pipeline again to save it in the current format.");
    }
}
