using System.Diagnostics;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Trains an encoder network and a linear head on the stored rows with Adam: length-bucketed shuffled batches,
/// gradient clipping, a held-out validation split, early stopping that keeps the best epoch's weights, and one
/// progress line per epoch. The head only shapes the encoding; it is discarded after training.
/// </summary>
internal sealed class EncoderTrainer
{
    // torch's thread count is process-wide; trainings run one at a time (they would share the cores anyway).
    private static readonly object TorchThreadCount = new();

    private readonly TrainingSettings _settings;
    private readonly IChannel _channel;

    public EncoderTrainer(TrainingSettings settings, IChannel channel)
    {
        _settings = settings;
        _channel = channel;
    }

    /// <summary>Trains a network of <paramref name="shape"/> on <paramref name="store"/>; a probe, when given, measures the
    /// gradient flow after initialisation and after training.</summary>
    public (EncoderNetwork Network, IReadOnlyList<EpochReport> History) Train(
        SequenceStore store, NetworkShape shape, TrainingObjective objective, Device device, GradientProbe probe = null)
    {
        lock (TorchThreadCount)
        {
            using var flushDenormals = DenormalFlushScope.Enter();
            int threadsBefore = torch.get_num_threads();
            torch.set_num_threads(_settings.Threads);
            try
            {
                using var setup = new TrainingSetup(shape, objective.Outputs, _settings, device, _channel.LogInfo);
                var (network, head) = (setup.Network, setup.Head);
                probe?.MeasureInitial(network, head, objective, device);
                var history = Fit(store, network, head, objective, device);
                probe?.MeasureTrained(network, head, objective, device);
                network.eval();
                network.SetDropoutBetweenLayers(0, null);
                return (setup.TakeNetwork(), history);
            }
            finally
            {
                torch.set_num_threads(threadsBefore);
            }
        }
    }

    private List<EpochReport> Fit(SequenceStore store, EncoderNetwork network, TrainingHead head,
        TrainingObjective objective, Device device)
    {
        var (trainRows, validationRows) = Split(store.Count);
        using var step = new TrainStep(network, head, objective, device, _settings);
        var planner = new BatchPlanner(_settings.BatchSize, _settings.Seed);
        var validationBatches = BatchPlanner.PlanInOrder(validationRows, store.Steps, _settings.BatchSize);
        using var best = new BestWeights();
        var history = new List<EpochReport>();
        long maxSteps = _settings.MaxTrainingSteps ?? long.MaxValue, stepsTaken = 0;
        _channel.LogInfo($"Training {network.Shape.Cell} encoder on {trainRows.Length} rows, validating on {validationRows.Length}.");

        for (int epoch = 1; epoch <= _settings.MaxEpochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            head.train();
            double lossSum = 0;
            int rowsSeen = 0;
            foreach (int[] rows in planner.PlanEpoch(trainRows, store.Steps))
            {
                if (stepsTaken == maxSteps) break;
                double value = step.Run(store.Batch(rows), rows.Select(store.Label).ToArray());
                if (!double.IsFinite(value))
                    throw new InvalidOperationException(
                        $"Training diverged: the loss became {value} in epoch {epoch}. Lower LearningRate (now {_settings.LearningRate}) " +
                        $"or GradientClipNorm (now {_settings.GradientClipNorm}), or check the label and input values.");
                lossSum += value * rows.Length;
                rowsSeen += rows.Length;
                stepsTaken++;
            }

            var (validationLoss, metric) = Evaluate(validationBatches, validationRows.Length, store, network, head, objective, device);
            var report = new EpochReport(epoch, lossSum / rowsSeen, validationLoss, metric, objective.MetricName, clock.Elapsed.TotalSeconds);
            history.Add(report);
            _channel.LogInfo(Describe(network.Shape.Cell, report));

            if (validationRows.Length > 0 && !best.Offer(epoch, validationLoss, network, head) &&
                epoch - best.Epoch >= _settings.EarlyStoppingPatience)
            {
                _channel.LogInfo($"Stopping early: no lower validation loss for {_settings.EarlyStoppingPatience} epochs; keeping epoch {best.Epoch}.");
                break;
            }
            if (stepsTaken == maxSteps)
            {
                _channel.LogInfo($"Stopping: MaxTrainingSteps ({maxSteps}) reached.");
                break;
            }
        }
        if (validationRows.Length > 0) best.Restore(network, head);
        return history;
    }

    private static (double Loss, double Metric) Evaluate(List<int[]> batches, int rowCount, SequenceStore store,
        EncoderNetwork network, TrainingHead head, TrainingObjective objective, Device device)
    {
        if (rowCount == 0) return (double.NaN, double.NaN);
        network.eval();
        head.eval();
        using var noGrad = torch.no_grad();
        double lossSum = 0, metricSum = 0;
        foreach (int[] rows in batches)
        {
            using var scope = torch.NewDisposeScope();
            var (input, lengths) = BatchTensors.Create(store.Batch(rows), device);
            var labels = objective.Labels(rows.Select(store.Label).ToArray(), device);
            var output = head.call(network.call(input, lengths));
            lossSum += objective.Loss(output, labels).item<float>() * rows.Length;
            metricSum += objective.MetricSum(output, labels);
        }
        return (lossSum / rowCount, metricSum / rowCount);
    }

    /// <summary>A seeded random split; no validation rows when the fraction would leave none or no training rows.</summary>
    private (int[] Train, int[] Validation) Split(int count)
    {
        var rows = Enumerable.Range(0, count).ToArray();
        new Random(_settings.Seed).Shuffle(rows);
        int validation = (int)Math.Round(count * _settings.ValidationFraction);
        if (validation >= count) validation = 0;
        return (rows[validation..], rows[..validation]);
    }

    private string Describe(RecurrentCell cell, EpochReport report)
    {
        string validation = double.IsNaN(report.ValidationLoss)
            ? "no validation rows"
            : $"validation loss {report.ValidationLoss:F4}, validation {report.MetricName} {report.ValidationMetric:F4}";
        return $"{cell} epoch {report.Epoch}/{_settings.MaxEpochs}: training loss {report.TrainingLoss:F4}, {validation}, {report.Seconds:F1} s";
    }
}
