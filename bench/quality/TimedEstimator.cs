using System.Diagnostics;
using Microsoft.ML;

namespace RecurrentML.Quality;

/// <summary>
/// An estimator that records the wall-clock seconds of each <see cref="Fit"/> of the one it wraps. Cross-validation
/// fits its folds itself, one after another; wrapped, each fold's fit is timed apart from scoring its held-out rows.
/// </summary>
internal sealed class TimedEstimator : IEstimator<ITransformer>
{
    private readonly IEstimator<ITransformer> _estimator;
    private readonly List<double> _fitSeconds = new();

    public TimedEstimator(IEstimator<ITransformer> estimator) => _estimator = estimator;

    /// <summary>Seconds of each Fit so far, in order.</summary>
    public IReadOnlyList<double> FitSeconds => _fitSeconds;

    public ITransformer Fit(IDataView input)
    {
        var clock = Stopwatch.StartNew();
        var model = _estimator.Fit(input);
        _fitSeconds.Add(clock.Elapsed.TotalSeconds);
        return model;
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _estimator.GetOutputSchema(inputSchema);
}
