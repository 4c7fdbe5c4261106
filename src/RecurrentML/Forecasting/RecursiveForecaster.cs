using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Forecasting;

/// <summary>
/// Forecasts a series several steps ahead with a fitted one-step model: each step's prediction is appended to the
/// window that predicts the next step. Prediction intervals come from simulated future paths, as R's
/// <c>forecast::nnetar</c> makes them.
/// </summary>
/// <remarks>
/// The model is any ML.NET transformer that reads <see cref="SeriesWindow"/> rows (as made by the
/// <see cref="SeriesWindowing"/> it was trained with) and writes a Single score in label units, such as a recurrent
/// encoder followed by a regression trainer. Results are deterministic: a row's score does not depend on the rows
/// scored beside it, and the simulation draws from its own seeded generator.
/// </remarks>
public sealed class RecursiveForecaster
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;
    private readonly string _scoreColumnName;
    private readonly SchemaDefinition _schema;

    /// <summary>Creates a forecaster.</summary>
    /// <param name="mlContext">The context the model belongs to.</param>
    /// <param name="model">A fitted one-step model over <see cref="SeriesWindow"/> rows.</param>
    /// <param name="windowing">The windowing the model was trained with.</param>
    /// <param name="scoreColumnName">The model's output column: Single, in label units.</param>
    /// <exception cref="ArgumentException">The model does not output <paramref name="scoreColumnName"/> as Single.</exception>
    public RecursiveForecaster(MLContext mlContext, ITransformer model, SeriesWindowing windowing, string scoreColumnName = "Score")
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Windowing = windowing ?? throw new ArgumentNullException(nameof(windowing));
        _scoreColumnName = scoreColumnName ?? throw new ArgumentNullException(nameof(scoreColumnName));
        _schema = windowing.SchemaDefinition();

        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<SeriesWindow>(), _schema);
        var output = model.GetOutputSchema(empty.Schema).GetColumnOrNull(scoreColumnName);
        if (output?.Type != NumberDataViewType.Single)
            throw new ArgumentException($"The model's output column '{scoreColumnName}' is {(output == null ? "missing" : output.Value.Type.ToString())}; expected Single.", nameof(scoreColumnName));
    }

    /// <summary>The windowing the model reads.</summary>
    public SeriesWindowing Windowing { get; }

    /// <summary>Forecasts the <paramref name="horizon"/> values after <paramref name="history"/>, each from the
    /// previous predictions and the history's last values.</summary>
    /// <param name="history">The observed series; only its last <see cref="SeriesWindowing.WindowSize"/> values are read.</param>
    /// <param name="horizon">Steps to forecast, at least 1.</param>
    public double[] Forecast(IReadOnlyList<double> history, int horizon)
    {
        var window = LastWindow(history, horizon);
        var forecast = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            forecast[h] = Windowing.ToSeriesValue(window, Score(new[] { Windowing.ToFeatures(window) })[0]);
            Shift(window, forecast[h]);
        }
        return forecast;
    }

    /// <summary>
    /// The model's one-step errors (label minus score, in label units) on the values of <paramref name="series"/> from
    /// index <paramref name="firstTarget"/> on, each predicted from the true values before it. For intervals, pass a
    /// model that was not trained on those values: in-sample errors of a flexible model are too small.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstTarget"/> leaves no full window before it, or
    /// is past the series' end.</exception>
    public double[] OneStepErrors(IReadOnlyList<double> series, int firstTarget)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (firstTarget < Windowing.WindowSize || firstTarget >= series.Count)
            throw new ArgumentOutOfRangeException(nameof(firstTarget), firstTarget,
                $"{nameof(firstTarget)} is {firstTarget}; expected an index from {Windowing.WindowSize} (WindowSize) to {series.Count - 1} (the series' last).");
        // Row i of CreateRows predicts value i + WindowSize.
        var rows = Windowing.CreateRows(series).Skip(firstTarget - Windowing.WindowSize).ToList();
        var scores = Score(rows.Select(r => r.Features));
        return rows.Select((r, i) => (double)r.Label - scores[i]).ToArray();
    }

    /// <summary>
    /// Forecasts with a prediction interval at each step. <paramref name="paths"/> future paths are simulated
    /// recursively: at each step every path's score gets an error drawn with replacement from
    /// <paramref name="oneStepErrors"/>, and the noisy value joins that path's window. Each step's interval runs between
    /// the quantiles (1 - level) / 2 and (1 + level) / 2 of the paths' values there (R's default quantile, type 7), so
    /// it widens as errors accumulate through the recursion. The point forecast is <see cref="Forecast"/>'s; it lies
    /// inside the interval unless the errors are strongly biased.
    /// </summary>
    /// <param name="history">The observed series.</param>
    /// <param name="horizon">Steps to forecast, at least 1.</param>
    /// <param name="oneStepErrors">Out-of-sample one-step errors in label units, such as <see cref="OneStepErrors"/> of a
    /// model fitted without the values they are measured on.</param>
    /// <param name="level">Nominal coverage, in (0, 1).</param>
    /// <param name="paths">Simulated paths, at least 2.</param>
    /// <param name="seed">Seed of the error draws: the same seed gives the same intervals.</param>
    public IntervalForecast ForecastWithInterval(IReadOnlyList<double> history, int horizon, IReadOnlyList<double> oneStepErrors,
        double level = 0.95, int paths = 1000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(oneStepErrors);
        if (oneStepErrors.Count == 0) throw new ArgumentException("oneStepErrors is empty; expected at least one error to draw from.", nameof(oneStepErrors));
        int bad = oneStepErrors.ToList().FindIndex(e => !double.IsFinite(e));
        if (bad >= 0) throw new ArgumentException($"oneStepErrors[{bad}] is {oneStepErrors[bad]}; expected a finite number.", nameof(oneStepErrors));
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, $"{nameof(level)} is {level}; expected a number in (0, 1).");
        if (paths < 2) throw new ArgumentOutOfRangeException(nameof(paths), paths, $"{nameof(paths)} is {paths}; expected an integer >= 2.");

        var point = Forecast(history, horizon);
        var start = LastWindow(history, horizon);
        var windows = Enumerable.Range(0, paths).Select(_ => (double[])start.Clone()).ToArray();
        var random = new Random(seed);
        var (lower, upper) = (new double[horizon], new double[horizon]);
        var values = new double[paths];
        for (int h = 0; h < horizon; h++)
        {
            var scores = Score(windows.Select(Windowing.ToFeatures));
            for (int p = 0; p < paths; p++)
            {
                values[p] = Windowing.ToSeriesValue(windows[p], scores[p] + oneStepErrors[random.Next(oneStepErrors.Count)]);
                Shift(windows[p], values[p]);
            }
            Array.Sort(values);
            lower[h] = Quantile(values, (1 - level) / 2);
            upper[h] = Quantile(values, (1 + level) / 2);
        }
        return new IntervalForecast(point, lower, upper, level);
    }

    /// <summary>Scores windows in one batch: the encoder sorts and batches the rows itself.</summary>
    private float[] Score(IEnumerable<float[]> features)
    {
        var rows = _mlContext.Data.LoadFromEnumerable(features.Select(f => new SeriesWindow { Features = f }), _schema);
        return _model.Transform(rows).GetColumn<float>(_scoreColumnName).ToArray();
    }

    private double[] LastWindow(IReadOnlyList<double> history, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"{nameof(horizon)} is {horizon}; expected an integer >= 1.");
        int size = Windowing.WindowSize;
        if (history.Count < size)
            throw new ArgumentException($"The history has {history.Count} values; the model reads windows of {size} (WindowSize).", nameof(history));
        return Enumerable.Range(history.Count - size, size).Select(i => history[i]).ToArray();
    }

    private static void Shift(double[] window, double next)
    {
        Array.Copy(window, 1, window, 0, window.Length - 1);
        window[^1] = next;
    }

    /// <summary>R's type-7 quantile of sorted values: linear between the order statistics around (n - 1) p.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double position = (sorted.Length - 1) * p;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
