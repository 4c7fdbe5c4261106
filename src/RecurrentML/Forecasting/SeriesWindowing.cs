using Microsoft.ML.Data;

namespace RecurrentML.Forecasting;

/// <summary>
/// How a univariate series becomes (window, next value) rows for a regression model, and how a model's output becomes
/// a series value again.
/// </summary>
/// <remarks>
/// <para>Each value is first mapped by g: the natural logarithm when <see cref="LogTransform"/> is set (a multiplicative
/// series, whose seasonal swing grows with its level, becomes additive), the identity otherwise.</para>
/// <para>With <see cref="RelativeToLastValue"/> (the default) the features are g(y[t-k]) - g(y[t]) for the window's
/// values y[t-k] and its last value y[t], and the label is g(y[t+1]) - g(y[t]). The model then sees shapes and
/// learns changes, not levels, so a trend that leaves the training range is still forecastable; a model fed raw
/// levels cannot extrapolate beyond the levels it was trained on. Without it the features are g(y[t-k]) and the label
/// g(y[t+1]).</para>
/// </remarks>
public sealed class SeriesWindowing
{
    /// <summary>Name of the feature column of <see cref="CreateRows"/>' rows: Vector&lt;Single&gt; of <see cref="WindowSize"/>.</summary>
    public const string FeaturesColumnName = nameof(SeriesWindow.Features);

    /// <summary>Name of the label column of <see cref="CreateRows"/>' rows: Single.</summary>
    public const string LabelColumnName = nameof(SeriesWindow.Label);

    /// <summary>Creates a windowing.</summary>
    /// <param name="windowSize">Values per window (model steps): at least 2, so that a relative window has a shape.</param>
    /// <param name="logTransform">Whether values are log-transformed first; every value must then be greater than 0.</param>
    /// <param name="relativeToLastValue">Whether features and label are expressed relative to the window's last value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowSize"/> is below 2.</exception>
    public SeriesWindowing(int windowSize, bool logTransform = false, bool relativeToLastValue = true)
    {
        if (windowSize < 2)
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, $"{nameof(windowSize)} is {windowSize}; expected an integer >= 2.");
        WindowSize = windowSize;
        LogTransform = logTransform;
        RelativeToLastValue = relativeToLastValue;
    }

    /// <summary>Values per window.</summary>
    public int WindowSize { get; }

    /// <summary>Whether values are log-transformed before windowing.</summary>
    public bool LogTransform { get; }

    /// <summary>Whether features and label are relative to the window's last value.</summary>
    public bool RelativeToLastValue { get; }

    /// <summary>The schema of <see cref="SeriesWindow"/> rows with <c>Features</c> of known size <see cref="WindowSize"/>,
    /// for <c>LoadFromEnumerable</c> and <c>CreatePredictionEngine</c>.</summary>
    public SchemaDefinition SchemaDefinition()
    {
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(SeriesWindow));
        schema[FeaturesColumnName].ColumnType = new VectorDataViewType(NumberDataViewType.Single, WindowSize);
        return schema;
    }

    /// <summary>
    /// Every window of <paramref name="series"/> that has a next value: row i holds values i .. i + WindowSize - 1 as
    /// features and value i + WindowSize as label, so there are <c>series.Count - WindowSize</c> rows, in series order.
    /// </summary>
    /// <exception cref="ArgumentException">The series has at most <see cref="WindowSize"/> values, or a value is not finite
    /// (or not positive with <see cref="LogTransform"/>); the message names its index.</exception>
    public IReadOnlyList<SeriesWindow> CreateRows(IReadOnlyList<double> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count <= WindowSize)
            throw new ArgumentException($"The series has {series.Count} values; windows of {WindowSize} with a next value need at least {WindowSize + 1}.", nameof(series));
        var mapped = Map(series, nameof(series));
        var rows = new SeriesWindow[series.Count - WindowSize];
        for (int i = 0; i < rows.Length; i++)
        {
            var window = new ReadOnlySpan<double>(mapped, i, WindowSize);
            rows[i] = new SeriesWindow { Features = MappedFeatures(window), Label = (float)(mapped[i + WindowSize] - Reference(window)) };
        }
        return rows;
    }

    /// <summary>The model features of one window (the last <see cref="WindowSize"/> values of a series, oldest first).</summary>
    /// <exception cref="ArgumentException">The window does not have <see cref="WindowSize"/> values, or a value is invalid.</exception>
    public float[] ToFeatures(IReadOnlyList<double> window) => MappedFeatures(Map(RequireWindow(window), nameof(window)));

    /// <summary>The series value a model output (in label units) stands for, after <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentException">The window does not have <see cref="WindowSize"/> values, or a value is invalid.</exception>
    public double ToSeriesValue(IReadOnlyList<double> window, double modelOutput)
    {
        var mapped = Map(RequireWindow(window), nameof(window));
        double value = modelOutput + Reference(mapped);
        return LogTransform ? Math.Exp(value) : value;
    }

    /// <summary>The label (model output units) that <paramref name="next"/> stands for after <paramref name="window"/>.</summary>
    /// <exception cref="ArgumentException">The window does not have <see cref="WindowSize"/> values, or a value is invalid.</exception>
    public double ToLabel(IReadOnlyList<double> window, double next)
    {
        var mapped = Map(RequireWindow(window), nameof(window));
        return Map(new[] { next }, nameof(next))[0] - Reference(mapped);
    }

    private IReadOnlyList<double> RequireWindow(IReadOnlyList<double> window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Count != WindowSize)
            throw new ArgumentException($"The window has {window.Count} values; expected {WindowSize} (WindowSize).", nameof(window));
        return window;
    }

    private double Reference(ReadOnlySpan<double> mappedWindow) => RelativeToLastValue ? mappedWindow[^1] : 0;

    private float[] MappedFeatures(ReadOnlySpan<double> mappedWindow)
    {
        double reference = Reference(mappedWindow);
        var features = new float[mappedWindow.Length];
        for (int k = 0; k < features.Length; k++) features[k] = (float)(mappedWindow[k] - reference);
        return features;
    }

    private double[] Map(IReadOnlyList<double> values, string argument)
    {
        var mapped = new double[values.Count];
        for (int i = 0; i < mapped.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
                throw new ArgumentException($"Value {i} of {argument} is {v}; expected a finite number.", argument);
            if (LogTransform && !(v > 0))
                throw new ArgumentException($"Value {i} of {argument} is {v}; LogTransform needs values > 0.", argument);
            mapped[i] = LogTransform ? Math.Log(v) : v;
        }
        return mapped;
    }
}
