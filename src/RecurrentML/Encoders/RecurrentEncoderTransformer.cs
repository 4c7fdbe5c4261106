using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML;
using RecurrentML.Data;
using RecurrentML.Encoders;
using RecurrentML.Interop;
using RecurrentML.Network;
using RecurrentML.Persistence;
using TorchSharp;

// Registers the transformer with ML.NET's component catalog the way ML.NET's own transforms are registered, so that
// mlContext.Model.Load finds Create below in any process, without the application naming RecurrentML's types.
[assembly: LoadableClass(typeof(RecurrentEncoderTransformer), null, typeof(SignatureLoadModel),
    "Recurrent sequence encoder", RecurrentEncoderTransformer.LoaderSignature)]

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
            channel.Info(message);
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
    // ML.NET model header (VersionInfo below), then
    // string table: input column name, output column name
    // the encoder model as laid out in Persistence/EncoderModelFormat.cs
    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "RNNENCDR",
        verWrittenCur: FormatVersion,
        verReadableCur: FormatVersion,
        verWeCanReadBack: EarliestReadableFormatVersion,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(RecurrentEncoderTransformer).Assembly.FullName);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveNonEmptyString(InputColumnName);
        ctx.SaveNonEmptyString(OutputColumnName);
        var model = new EncoderModel(_sequence, Shape, TrainingHistory, NetworkWeights.Export(_encoder.Network));
        EncoderModelFormat.Write(ctx.Writer, model);
    }

    // Called by mlContext.Model.Load through the LoadableClass registration above.
    private static RecurrentEncoderTransformer Create(IHostEnvironment environment, ModelLoadContext ctx)
    {
        CheckFormatVersion(ctx.Header.ModelVerWritten, ctx.Header.ModelVerReadable);
        ctx.CheckAtModel(GetVersionInfo());
        string input = ctx.LoadNonEmptyString();
        string output = ctx.LoadNonEmptyString();
        var model = EncoderModelFormat.Read(ctx.Reader);
        var host = environment.Register(nameof(RecurrentEncoderTransformer));
        using var channel = host.Start("Loading recurrent encoder");
        var device = TorchDevice.Select(environment, channel);
        var network = new EncoderNetwork(model.Network);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new RecurrentEncoderTransformer(environment, input, output, model.Sequence, new BatchEncoder(network, device), model.History);
    }

    private static void CheckFormatVersion(uint written, uint readableBy)
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
