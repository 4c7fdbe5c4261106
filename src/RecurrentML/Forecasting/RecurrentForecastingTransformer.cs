using RecurrentML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Forecasting;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Persistence;

namespace RecurrentML;

/// <summary>
/// A fitted global recurrent forecaster. <see cref="Transform"/> reads series in long form, as the estimator did, and
/// returns one row per series: its id, the median forecast of the next <see cref="Horizon"/> steps after its last
/// observed value, and the interval's lower and upper bounds at <see cref="ConfidenceLevel"/> (the columns
/// <c>ForecastBySsa</c> names its forecast and bounds). A model with future covariates needs, for every series, a row
/// for each step to forecast with the covariates' values and the value missing. Created by
/// <see cref="RecurrentForecastingEstimator.Fit(IDataView)"/> or loaded with <c>mlContext.Model.Load</c>.
/// </summary>
public sealed class RecurrentForecastingTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "RecurrentForecastXf";
    private const uint FormatVersion = 0x00010001;

    /// <summary>The header of the forecaster's entries in model zips (registered in Interop/ForecasterRegistration.cs).</summary>
    internal static readonly ModelEntryFormat EntryFormat = new("RNNFRCST", FormatVersion, FormatVersion, LoaderSignature, "global recurrent forecaster");

    private readonly IHostEnvironment _environment;
    private readonly ForecastColumns _columns;
    private readonly ForecastModel _model;
    private readonly ForecastScorer _scorer;

    internal RecurrentForecastingTransformer(IHostEnvironment environment, ForecastColumns columns, ForecastModel model)
    {
        _environment = environment;
        _columns = columns;
        _model = model;
        var host = environment.Register(nameof(RecurrentForecastingTransformer));
        using var channel = host.Start("Building global forecaster");
        _scorer = new ForecastScorer(model, TorchDevice.Select(host, channel));
    }

    /// <summary>Steps forecast after each series' last value.</summary>
    public int Horizon => _model.Layout.Horizon;

    /// <summary>The nominal coverage of the bounds.</summary>
    public double ConfidenceLevel => _model.Layout.QuantileLevels[^1] - _model.Layout.QuantileLevels[0];

    /// <summary>Past steps the network reads before each origin.</summary>
    public int ContextLength => _model.Layout.ContextLength;

    /// <summary>Each ensemble member's mean pinball loss per training epoch (saved with the model).</summary>
    public IReadOnlyList<IReadOnlyList<double>> TrainingLosses => _model.EpochLosses;

    internal ForecastModel Model => _model;

    bool ITransformer.IsRowToRowMapper => false;

    /// <summary>Not available: the forecaster turns many rows of a series into one row of forecasts.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new InvalidOperationException("The global forecaster makes one row per series from many input rows, so it has no row-to-row mapper; call Transform or Forecast.");

    /// <summary>One row per series: the id column (Text), then the forecast and bound columns (Vector&lt;Single&gt; of <see cref="Horizon"/>).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (inputSchema.GetColumnOrNull(_columns.SeriesId) == null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The series id column '{_columns.SeriesId}' is not in the data.");
        return OutputSchema();
    }

    /// <summary>Forecasts every series in <paramref name="input"/> (long form): one row per series, in the order each
    /// series first appears.</summary>
    public IDataView Transform(IDataView input)
    {
        var forecasts = Forecast(input);
        var rows = forecasts.Select(f => new ForecastRow
        {
            SeriesId = f.Key,
            Forecast = f.Value.Point.Select(v => (float)v).ToArray(),
            LowerBound = f.Value.Lower.Select(v => (float)v).ToArray(),
            UpperBound = f.Value.Upper.Select(v => (float)v).ToArray(),
        }).ToList();
        var context = _environment as MLContext ?? new MLContext();
        return context.Data.LoadFromEnumerable(rows, RowSchema());
    }

    /// <summary>Forecasts every series in <paramref name="input"/> (long form), by id in the order each first appears.</summary>
    public IReadOnlyDictionary<string, IntervalForecast> Forecast(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var series = LongFormPanel.Read(input, _columns.ToOptions());
        return Forecast(series);
    }

    internal Dictionary<string, IntervalForecast> Forecast(IReadOnlyList<PanelSeries> series)
    {
        Check(series);
        return Forecasts(series.Select(s => s.Id).ToList(), _scorer.Forecast(series));
    }

    /// <summary>What this forecaster's ONNX graph (<see cref="RecurrentOnnx.Export(MLContext, RecurrentForecastingTransformer, Stream)"/>)
    /// reads to forecast every series of <paramref name="input"/> (long form, as for <see cref="Forecast(IDataView)"/>):
    /// each series' scaled window, computed in .NET.</summary>
    public ForecastOnnxInput OnnxInput(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var series = LongFormPanel.Read(input, _columns.ToOptions());
        Check(series);
        var layout = _model.Layout;
        var (steps, horizon, scales) = WindowBatch.ForecastArrays(layout, series);
        return new ForecastOnnxInput(series.Select(s => s.Id).ToList(), steps, layout.ContextLength * layout.StepFeatures,
            horizon, layout.Horizon * layout.HorizonFeatures, scales);
    }

    /// <summary>The forecasts of the series of <paramref name="input"/> from the quantiles the ONNX graph output for it
    /// (<c>{id column}.ForecastQuantiles</c>, [series, <see cref="Horizon"/>, levels] read row-major): unscaled as
    /// <see cref="Forecast(IDataView)"/> does.</summary>
    public IReadOnlyDictionary<string, IntervalForecast> FromOnnx(ForecastOnnxInput input, ReadOnlySpan<float> quantiles)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = _model.Layout;
        int expected = input.SeriesIds.Count * layout.Horizon * layout.QuantileLevels.Length;
        if (quantiles.Length != expected)
            throw new ArgumentException($"The quantiles hold {quantiles.Length} values; expected {expected} ({input.SeriesIds.Count} series x {layout.Horizon} steps x {layout.QuantileLevels.Length} levels).", nameof(quantiles));
        var unscaled = new double[input.SeriesIds.Count][][];
        for (int i = 0; i < unscaled.Length; i++) unscaled[i] = ForecastScorer.Unscale(layout, quantiles, i, input.Scales[i]);
        return Forecasts(input.SeriesIds, unscaled);
    }

    private void Check(IReadOnlyList<PanelSeries> series)
    {
        var layout = _model.Layout;
        if (layout.Future.Length > 0)
            foreach (var s in series.Where(s => s.Rows < s.Observed + layout.Horizon))
                throw new ArgumentException($"Series '{s.Id}' has {s.Rows - s.Observed} rows after its last value; the forecaster reads future covariates " +
                    $"({string.Join(", ", _columns.Future)}) at each of the {layout.Horizon} steps it forecasts, so it needs {layout.Horizon} rows there (value missing).");
        if (layout.LogValues)
            foreach (var s in series)
                for (int t = Math.Max(0, s.Observed - layout.ContextLength); t < s.Observed; t++)
                    if (!(s.Values[t] > 0))
                        throw new ArgumentException($"Series '{s.Id}' has the value {s.Values[t]} at time {s.FirstTime + t} (column '{_columns.Value}'); this forecaster " +
                            "was trained on positive series and reads the log of each value, so it forecasts only series whose last values are positive.");
    }

    private Dictionary<string, IntervalForecast> Forecasts(IReadOnlyList<string> ids, double[][][] quantiles)
    {
        var layout = _model.Layout;
        int low = 0, median = layout.MedianIndex, high = layout.QuantileLevels.Length - 1;
        var result = new Dictionary<string, IntervalForecast>();
        for (int i = 0; i < ids.Count; i++)
        {
            var q = quantiles[i];
            result[ids[i]] = new IntervalForecast(q.Select(s => s[median]).ToArray(), q.Select(s => s[low]).ToArray(), q.Select(s => s[high]).ToArray(), ConfidenceLevel);
        }
        return result;
    }

    /// <summary>The id column's name: the ONNX graph's input and output names start with it.</summary>
    internal string SeriesIdColumnName => _columns.SeriesId;

    private DataViewSchema OutputSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(_columns.SeriesId, TextDataViewType.Instance);
        foreach (string column in new[] { _columns.Forecast, _columns.LowerBound, _columns.UpperBound })
            builder.AddColumn(column, new VectorDataViewType(NumberDataViewType.Single, Horizon));
        return builder.ToSchema();
    }

    private SchemaDefinition RowSchema()
    {
        var schema = SchemaDefinition.Create(typeof(ForecastRow));
        schema[nameof(ForecastRow.SeriesId)].ColumnName = _columns.SeriesId;
        foreach (var (member, column) in new[] { (nameof(ForecastRow.Forecast), _columns.Forecast), (nameof(ForecastRow.LowerBound), _columns.LowerBound),
                     (nameof(ForecastRow.UpperBound), _columns.UpperBound) })
        {
            schema[member].ColumnName = column;
            schema[member].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Horizon);
        }
        return schema;
    }

    private sealed class ForecastRow
    {
        public string SeriesId { get; set; }
        public float[] Forecast { get; set; }
        public float[] LowerBound { get; set; }
        public float[] UpperBound { get; set; }
    }

    /// <summary>Releases the networks' native memory.</summary>
    public void Dispose() => _scorer.Dispose();

    // *** Binary format ***
    // ML.NET model header (EntryFormat above), then
    // string table: series id, time, value, forecast, lower bound, upper bound column names; then per covariate kind
    //      (past, future, static) an int count in the stream and the names in the string table
    // the forecast model as laid out in Persistence/ForecastModelFormat.cs, as the payload of a marked
    //      Persistence/ChecksummedPayload.cs frame whose checksum covers the header's fields and every column name
    void ICanSaveModel.Save(ModelSaveContext ctx) => ModelEntry.Write(ctx, EntryFormat, entry =>
    {
        var names = ColumnNames(_columns);
        foreach (string name in names.Take(6)) entry.WriteString(name);
        foreach (var kind in new[] { _columns.Past, _columns.Future, _columns.Static })
        {
            entry.Writer.Write(kind.Length);
            foreach (string name in kind) entry.WriteString(name);
        }
        ChecksummedPayload.Write(entry.Writer, [.. entry.HeaderFields, .. names], writer => ForecastModelFormat.Write(writer, _model));
    });

    private static List<string> ColumnNames(ForecastColumns c) =>
        [c.SeriesId, c.Time, c.Value, c.Forecast, c.LowerBound, c.UpperBound, .. c.Past, .. c.Future, .. c.Static];

    /// <summary>Reads what <see cref="ICanSaveModel.Save"/> wrote, after the entry's header was checked.</summary>
    internal static RecurrentForecastingTransformer Load(IHostEnvironment environment, ModelEntryReader entry)
    {
        var fixedNames = Enumerable.Range(0, 6).Select(_ => entry.ReadString()).ToArray();
        var kinds = new string[3][];
        for (int k = 0; k < 3; k++)
        {
            int count = entry.Reader.ReadInt32();
            if (count < 0 || count > 1 << 20) throw new InvalidDataException($"{ForecastModelFormat.Entry} names {count} covariates of one kind; expected 0 to {1 << 20}.");
            kinds[k] = Enumerable.Range(0, count).Select(_ => entry.ReadString()).ToArray();
        }
        var columns = new ForecastColumns(fixedNames[0], fixedNames[1], fixedNames[2], kinds[0], kinds[1], kinds[2], fixedNames[3], fixedNames[4], fixedNames[5]);
        var model = ChecksummedPayload.ReadFramed(entry.Reader, ForecastModelFormat.Entry, entry.WrittenVersion, FormatVersion, FormatVersion,
            entry.HeaderFields, ColumnNames(columns), ForecastModelFormat.Read);
        return new RecurrentForecastingTransformer(environment, columns, model);
    }
}
