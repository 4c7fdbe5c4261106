using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Audio;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Persistence;

namespace RecurrentML;

/// <summary>
/// Adds a column of audio features to rows holding a WAV file path: each file is read, made mono at
/// <see cref="AudioFeaturesOptions.SampleRate"/> and cut into frames of <see cref="AudioFeaturesOptions.FeaturesPerStep"/>
/// values (<see cref="AudioFeaturesOptions"/>), when the row is read. Saved with its options, so a loaded model turns
/// raw audio into the same features. Works row by row, so <c>PredictionEngine</c> scores one file.
/// </summary>
public sealed class AudioFeaturesTransformer : ITransformer, ICanSaveModel
{
    internal const string LoaderSignature = "RecurrentAudioFeatures";
    private const uint FormatVersion = 0x00010001;

    /// <summary>The header of the audio features' entries in model zips (registered in Interop/AudioFeaturesRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNAUDIO", FormatVersion, FormatVersion, LoaderSignature, "audio features");

    private readonly AudioFeaturesOptions _options;

    internal AudioFeaturesTransformer(AudioFeaturesOptions options)
    {
        _options = options.Clone();
    }

    /// <summary>The options the features are computed with (a copy).</summary>
    public AudioFeaturesOptions Options => _options.Clone();

    /// <summary>Values per frame in the output column: the encoder's <c>FeaturesPerStep</c>.</summary>
    public int FeaturesPerStep => _options.FeaturesPerStep;

    bool ITransformer.IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        FindInput(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single));
        return builder.ToSchema();
    }

    /// <summary>Adds the features column; each row's file is read when the row is.</summary>
    public IDataView Transform(IDataView input) => new MappedRowsDataView(input, new AudioFeaturesRowMapper(this, input.Schema, GetOutputSchema(input.Schema)));

    /// <summary>The per-row mapper behind <c>PredictionEngine</c>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new AudioFeaturesRowMapper(this, inputSchema, GetOutputSchema(inputSchema));

    internal AudioFeaturesOptions Settings => _options;

    internal DataViewSchema.Column FindInput(DataViewSchema schema)
    {
        var column = schema.GetColumnOrNull(_options.InputColumnName)
            ?? throw MissingColumn.Error(nameof(schema), "Input", _options.InputColumnName, MissingColumn.InputOption, schema);
        if (column.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Input column '{_options.InputColumnName}' has type {column.Type}; expected String (a WAV file path per row).");
        return column;
    }

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: input column name, output column name
    // a marked, checksummed frame (Persistence/ChecksummedPayload.cs; its checksum covers the header's fields and the two
    // names) around: int sample rate, int kind (AudioFeatureKind), int coefficients, int mel bands,
    //      double frame milliseconds, double hop milliseconds, double pre-emphasis, int deltas, bool normalise mean
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        entry.WriteString(_options.InputColumnName);
        entry.WriteString(_options.OutputColumnName);
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, _options.InputColumnName, _options.OutputColumnName], w =>
        {
            w.Write(_options.SampleRate);
            w.Write((int)_options.Kind);
            w.Write(_options.Coefficients);
            w.Write(_options.MelBands);
            w.Write(_options.FrameMilliseconds);
            w.Write(_options.HopMilliseconds);
            w.Write(_options.PreEmphasis);
            w.Write(_options.Deltas);
            w.Write(_options.NormalizeMean);
        });
    });

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static AudioFeaturesTransformer Load(ModelEntryReader entry)
    {
        string input = entry.ReadString();
        string output = entry.ReadString();
        var options = ChecksummedPayload.Read(entry.Reader, "The model's audio features entry", [.. entry.HeaderFields, input, output], r =>
        {
            var read = new AudioFeaturesOptions
            {
                InputColumnName = input, OutputColumnName = output, SampleRate = r.ReadInt32(), Kind = (AudioFeatureKind)r.ReadInt32(),
                Coefficients = r.ReadInt32(), MelBands = r.ReadInt32(), FrameMilliseconds = r.ReadDouble(), HopMilliseconds = r.ReadDouble(),
                PreEmphasis = r.ReadDouble(), Deltas = r.ReadInt32(), NormalizeMean = r.ReadBoolean(),
            };
            try
            {
                read.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The model's audio features entry has invalid options: {e.Message}", e);
            }
            return read;
        }, marked: true, FormatVersion);
        return new AudioFeaturesTransformer(options);
    }
}
