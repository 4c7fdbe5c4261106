namespace RecurrentML.Training;

/// <summary>
/// Judges each epoch on the validation rows under an <see cref="EarlyStoppingCriterion"/>: whether it is the best so
/// far (its weights to be kept) and whether training should stop because the best is
/// <see cref="Patience"/> epochs old.
/// </summary>
internal sealed class EarlyStopping
{
    private readonly EarlyStoppingCriterion _criterion;
    private readonly bool _higherMetricIsBetter;
    private double _bestMetric = double.NaN;
    private double _bestLoss = double.PositiveInfinity;

    public EarlyStopping(EarlyStoppingCriterion criterion, bool higherMetricIsBetter, int patience)
    {
        _criterion = criterion;
        _higherMetricIsBetter = higherMetricIsBetter;
        Patience = patience;
    }

    public int Patience { get; }

    /// <summary>The best epoch so far; 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>What the criterion compares, for the log: "validation accuracy" or "validation loss".</summary>
    public string Describe(string metricName) =>
        _criterion == EarlyStoppingCriterion.ValidationLoss ? "validation loss" : $"validation {metricName}";

    /// <summary>Records the epoch's validation results; returns whether it is the best so far.</summary>
    public bool Offer(int epoch, double loss, double metric)
    {
        if (!IsBetter(loss, metric)) return false;
        (BestEpoch, _bestLoss, _bestMetric) = (epoch, loss, metric);
        return true;
    }

    public bool ShouldStop(int epoch) => BestEpoch > 0 && epoch - BestEpoch >= Patience;

    private bool IsBetter(double loss, double metric)
    {
        if (BestEpoch == 0) return !double.IsNaN(loss);
        if (_criterion == EarlyStoppingCriterion.ValidationMetric && metric != _bestMetric)
            return _higherMetricIsBetter ? metric > _bestMetric : metric < _bestMetric;
        return loss < _bestLoss;
    }
}
