using RecurrentML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Forecasting;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// Trains one recurrent network across many series in long form (<see cref="RecurrentForecasterOptions"/>): each window
/// scaled by its series' level, every step of the horizon forecast directly at three quantile levels (the interval's
/// ends and the median) by the pinball loss. Returns a <see cref="RecurrentForecastingTransformer"/>, which forecasts
/// every series of the data it is given. Created by <c>mlContext.Forecasting.ForecastByRecurrentNetwork</c>.
/// </summary>
public sealed class RecurrentForecastingEstimator : IEstimator<RecurrentForecastingTransformer>
{
    /// <summary>Width of the decoder's hidden layer.</summary>
    private const int DecoderSize = 64;

    private readonly IHost _host;
    private readonly RecurrentForecasterOptions _options;

    internal RecurrentForecastingEstimator(IHostEnvironment environment, RecurrentForecasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _host = environment.Register(nameof(RecurrentForecastingEstimator));
        _options = options;
    }

    /// <summary>The options this estimator trains with.</summary>
    public RecurrentForecasterOptions Options => _options;

    /// <summary>The forecaster's output: one row per series with its id and the forecast and bound vectors.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var id = inputSchema.FirstOrDefault(c => c.Name == _options.SeriesIdColumnName);
        if (id.Name == null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The series id column '{_options.SeriesIdColumnName}' is not in the data; it has the columns {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}.");
        return new SchemaShape(new[]
        {
            MlNetInternals.TextColumn(_options.SeriesIdColumnName),
            MlNetInternals.FloatVectorColumn(_options.ForecastColumnName),
            MlNetInternals.FloatVectorColumn(_options.LowerBoundColumnName),
            MlNetInternals.FloatVectorColumn(_options.UpperBoundColumnName),
        });
    }

    /// <summary>Reads every series, learns the covariates' encodings, trains the network(s) and returns the forecaster.</summary>
    public RecurrentForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Fit(LongFormPanel.Read(input, _options));
    }

    /// <summary>Trains on series already read (a backtest's histories).</summary>
    internal RecurrentForecastingTransformer Fit(IReadOnlyList<PanelSeries> series)
    {
        if (_options.LogTransform == true && series.FirstOrDefault(s => s.Values.Take(s.Observed).Any(v => !(v > 0))) is { } bad)
            throw new ArgumentException($"Series '{bad.Id}' has a value at or below 0 in column '{_options.ValueColumnName}' but LogTransform is true; " +
                "expected positive values only (or LogTransform null or false).");
        var layout = Layout(series);
        using var channel = _host.Start("Training global recurrent forecaster");
        var device = TorchDevice.Select(_host, channel);
        var encoder = new NetworkShape(_options.Cell, EmbeddingRows: 0, layout.StepFeatures, _options.HiddenSize, _options.NumberOfLayers,
            Bidirectional: false, SequencePooling.Last, RnnNonlinearity.Tanh);
        var model = TrainingThreads.Run(_options.NumberOfThreads ?? Environment.ProcessorCount,
            () => ForecastTrainer.Train(layout, encoder, DecoderSize, series, _options, device, channel.LogInfo));
        return new RecurrentForecastingTransformer(_host, Columns(), model);
    }

    private ForecastColumns Columns() => new(_options.SeriesIdColumnName, _options.TimeColumnName, _options.ValueColumnName,
        _options.PastCovariateColumnNames, _options.FutureCovariateColumnNames, _options.StaticCovariateColumnNames,
        _options.ForecastColumnName, _options.LowerBoundColumnName, _options.UpperBoundColumnName);

    /// <summary>The network's inputs and outputs: covariates standardised by their mean and deviation over the rows
    /// the network reads, text static covariates one-hot over their categories in training.</summary>
    private ForecastLayout Layout(IReadOnlyList<PanelSeries> series)
    {
        static CovariateScaling Scaling(string column, IEnumerable<double> values)
        {
            var list = values.ToList();
            double mean = list.Count == 0 ? 0 : list.Average();
            double deviation = list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
            return new CovariateScaling(column, (float)mean, deviation > 0 ? (float)deviation : 1);
        }
        var past = _options.PastCovariateColumnNames.Select((c, k) => Scaling(c, series.SelectMany(s => s.Past.Take(s.Observed).Select(r => (double)r[k])))).ToArray();
        var future = _options.FutureCovariateColumnNames.Select((c, k) => Scaling(c, series.SelectMany(s => s.Future.Select(r => (double)r[k])))).ToArray();
        var statics = _options.StaticCovariateColumnNames.Select((c, k) =>
        {
            if (series[0].StaticText[k] != null)
                return new StaticCovariate(c, series.Select(s => s.StaticText[k]).Distinct().Order(StringComparer.Ordinal).ToArray(), 0, 1);
            var scaling = Scaling(c, series.Select(s => s.StaticNumbers[k]));
            return new StaticCovariate(c, null, scaling.Mean, scaling.Scale);
        }).ToArray();
        return new ForecastLayout(_options.Horizon, _options.EffectiveContextLength, _options.SeasonalPeriod,
            ForecastLayout.LevelsFor(_options.ConfidenceLevel), past, future, statics,
            LogValues: _options.LogTransform ?? series.All(s => s.Values.Take(s.Observed).All(v => v > 0)));
    }
}
