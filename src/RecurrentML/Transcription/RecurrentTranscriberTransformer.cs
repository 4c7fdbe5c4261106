using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Persistence;
using RecurrentML.Transcription;

namespace RecurrentML;

/// <summary>
/// A fitted recurrent transcriber: adds the transcript it recognises in each row's steps (Text; empty for a row of no
/// steps). Created by <see cref="RecurrentTranscriberEstimator.Fit"/> or loaded with <c>mlContext.Model.Load</c>; it
/// holds the model's description, which Save reads and the torch network is built from.
/// </summary>
public sealed class RecurrentTranscriberTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "RecurrentTranscribeXf";
    private const uint FormatVersion = 0x00010001;

    /// <summary>The header of the transcriber's entries in model zips (registered in Interop/TranscriberRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNTRANS", FormatVersion, FormatVersion, LoaderSignature, "recurrent transcriber");

    private readonly IHost _host;
    private readonly TranscriberModel _model;
    private readonly TranscriberScorer _scorer;

    internal RecurrentTranscriberTransformer(IHostEnvironment environment, string featuresColumnName, string transcriptColumnName,
        TranscriberModel model, TranscriberScorer scorer)
    {
        _host = environment.Register(nameof(RecurrentTranscriberTransformer));
        FeaturesColumnName = featuresColumnName;
        TranscriptColumnName = transcriptColumnName;
        _model = model;
        _scorer = scorer;
    }

    /// <summary>The column of float steps read.</summary>
    public string FeaturesColumnName { get; }

    /// <summary>The column added: the recognised transcript.</summary>
    public string TranscriptColumnName { get; }

    /// <summary>The symbols a transcript is made of, in class order (class 0 is CTC's blank, class k symbol k - 1).</summary>
    public IReadOnlyList<string> Symbols => _model.Symbols;

    /// <summary>Values per step the features column holds.</summary>
    public int FeaturesPerStep => _model.FeaturesPerStep;

    /// <summary>The recurrent cell.</summary>
    public RecurrentCell Cell => _model.Layers.Cell;

    /// <summary>Prefixes the beam search keeps (1: greedy decoding).</summary>
    public int BeamWidth => _model.BeamWidth;

    /// <summary>One report per training epoch (saved with the model).</summary>
    public IReadOnlyList<EpochReport> TrainingHistory => _model.History;

    bool ITransformer.IsRowToRowMapper => true;

    internal TranscriberModel Model => _model;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        TranscribedColumns.Features(inputSchema, FeaturesColumnName, nameof(inputSchema));
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(TranscriptColumnName, TextDataViewType.Instance);
        return builder.ToSchema();
    }

    /// <summary>Adds the transcript as a cursor moves over the result, row by row.</summary>
    public IDataView Transform(IDataView input) => new MappedRowsDataView(input, Mapper(input.Schema));

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Mapper(inputSchema);

    private TranscriberRowMapper Mapper(DataViewSchema inputSchema) =>
        new(this, inputSchema, GetOutputSchema(inputSchema), TranscribedColumns.Features(inputSchema, FeaturesColumnName, nameof(inputSchema)));

    /// <summary>Each step's log-probability of every class (<see cref="Symbols"/>; class 0 the blank), [steps * classes]
    /// step after step, for one row's raw (not yet standardised) steps: what the transcript is decoded from.</summary>
    public float[] StepLogProbabilities(ReadOnlySpan<float> steps)
    {
        TranscribedColumns.CheckSteps(steps, FeaturesPerStep, FeaturesColumnName, row: 0);
        return LogProbabilities(steps.ToArray());
    }

    /// <summary>The per-step log-probabilities of checked raw steps, standardised in place.</summary>
    private float[] LogProbabilities(float[] steps)
    {
        _model.Standardization.Apply(steps);
        return _scorer.LogProbabilities(steps);
    }

    /// <summary>The transcript of per-step log-probabilities (<see cref="StepLogProbabilities"/>, or the ONNX graph's
    /// output: decoding is not in the graph): CTC prefix beam search with <paramref name="beamWidth"/> prefixes
    /// (<see cref="BeamWidth"/> when null), greedy for 1.</summary>
    public string Decode(ReadOnlySpan<float> stepLogProbabilities, int? beamWidth = null)
    {
        int width = beamWidth ?? _model.BeamWidth;
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(beamWidth), width, "A beam keeps at least one prefix.");
        if (stepLogProbabilities.Length % _model.Classes != 0)
            throw new ArgumentException($"{stepLogProbabilities.Length} values is not a whole number of steps of {_model.Classes} classes (the blank and {_model.Symbols.Count} symbols).", nameof(stepLogProbabilities));
        return string.Concat(_scorer.Decode(stepLogProbabilities, width).Select(c => _model.Symbols[c - 1]));
    }

    /// <summary>The transcript of one row's raw steps, checked by the caller and standardised here in place.</summary>
    internal string Transcribe(float[] steps) => Decode(LogProbabilities(steps));

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _scorer.Dispose();

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: features column name, transcript column name
    // the transcriber model as laid out in Persistence/TranscriberModelFormat.cs, as the payload of a marked
    //      Persistence/ChecksummedPayload.cs frame whose checksum covers the header's fields and the column names
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        entry.WriteString(FeaturesColumnName);
        entry.WriteString(TranscriptColumnName);
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, FeaturesColumnName, TranscriptColumnName],
            writer => TranscriberModelFormat.Write(writer, _model));
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static RecurrentTranscriberTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        string features = entry.ReadString();
        string transcript = entry.ReadString();
        var model = ChecksummedPayload.ReadFramed(entry.Reader, TranscriberModelFormat.Entry, entry.WrittenVersion, FormatVersion, FormatVersion,
            entry.HeaderFields, [features, transcript], TranscriberModelFormat.Read);
        var host = environment.Register(nameof(RecurrentTranscriberTransformer));
        using var channel = host.Start("Loading recurrent transcriber");
        return new RecurrentTranscriberTransformer(environment, features, transcript, model, TranscriberScorer.Create(model, TorchDevice.Select(environment, channel)));
    }
}
