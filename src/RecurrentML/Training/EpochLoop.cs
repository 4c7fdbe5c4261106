using RecurrentML.Targets;
using System.Diagnostics;
using TorchSharp;

namespace RecurrentML.Training;

/// <summary>
/// The epochs of a training, whatever it trains: each epoch trains, is judged on the validation data (when there is
/// some) and logged in one line; early stopping ends training when the best epoch is <see cref="EarlyStopping.Patience"/>
/// epochs old, the step budget ends it when spent, and the best epoch's weights are restored at the end. Every epoch's
/// weights are checked against the limit a saved model must keep (<see cref="DivergenceGuard.CheckWeights"/>), so
/// whichever epoch is kept saves and loads.
/// </summary>
internal sealed class EpochLoop
{
    private readonly TrainingSettings _settings;
    private readonly Action<string> _log;

    public EpochLoop(TrainingSettings settings, Action<string> log)
    {
        _settings = settings;
        _log = log;
    }

    /// <param name="what">What trains, for the log ("Lstm", "Lstm language model").</param>
    /// <param name="budget">The planned epochs and steps.</param>
    /// <param name="target">What is trained: its validation metric's name and direction, for early stopping, the log and the history.</param>
    /// <param name="validating">Whether <paramref name="evaluate"/> has data to judge.</param>
    /// <param name="trainEpoch">Trains one epoch (1-based number given) and returns its mean training loss; it takes no
    /// step beyond the budget.</param>
    /// <param name="budgetSpent">Whether the budget's steps are all taken.</param>
    /// <param name="evaluate">The validation loss and metric of the current weights.</param>
    /// <param name="modules">The weights early stopping keeps and restores.</param>
    public List<EpochReport> Run(string what, TrainingBudget budget, Target target, bool validating,
        Func<int, double> trainEpoch, Func<bool> budgetSpent, Func<(double Loss, double Metric)> evaluate, params torch.nn.Module[] modules)
    {
        var stopping = new EarlyStopping(_settings.EarlyStopping, target.HigherMetricIsBetter, _settings.EarlyStoppingPatience);
        using var best = new BestWeights();
        var history = new List<EpochReport>();
        for (int epoch = 1; epoch <= budget.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double trainingLoss = trainEpoch(epoch);
            DivergenceGuard.CheckWeights(_settings, epoch, modules);
            var (validationLoss, metric) = validating ? evaluate() : (double.NaN, double.NaN);
            var report = new EpochReport(epoch, trainingLoss, validationLoss, metric, target.MetricName, clock.Elapsed.TotalSeconds);
            history.Add(report);
            _log(report.Describe(what, budget.Epochs));

            if (validating)
            {
                if (stopping.Offer(epoch, validationLoss, metric)) best.Keep(modules);
                else if (stopping.ShouldStop(epoch))
                {
                    _log($"Stopping early: no better {stopping.Describe(target.MetricName)} for {stopping.Patience} epochs; keeping epoch {stopping.BestEpoch}.");
                    break;
                }
            }
            if (budgetSpent() && epoch < budget.Epochs)
            {
                _log($"Stopping: MaxTrainingSteps ({budget.PlannedSteps}) reached.");
                break;
            }
        }
        if (!best.IsEmpty)
        {
            best.Restore(modules);
            _log($"Kept the weights of epoch {stopping.BestEpoch}, the best by {stopping.Describe(target.MetricName)}.");
        }
        return history;
    }
}
