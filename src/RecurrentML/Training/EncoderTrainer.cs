using RecurrentML.Targets;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Trains an encoder network and a linear head on the stored rows with Adam: length-bucketed shuffled batches,
/// a step budget with a floor for small data, a warm-up and cosine learning-rate schedule, gradient clipping, a
/// held-out validation split when there are rows to spare, early stopping that keeps the best epoch's weights, and one
/// progress line per epoch; it stops on request (<see cref="TrainingCancellation"/>) and on divergence
/// (<see cref="DivergenceGuard"/>), both checked at every batch. The head shapes the encoding; its weights are
/// returned for the encoder's score column.
/// </summary>
internal sealed class EncoderTrainer
{
    private readonly TrainingSettings _settings;
    private readonly IChannel _channel;

    public EncoderTrainer(TrainingSettings settings, IChannel channel)
    {
        _settings = settings;
        _channel = channel;
    }

    /// <summary>What stops this trainer's trainings on request.</summary>
    public TrainingCancellation Cancellation => _settings.Cancellation;

    /// <summary>Trains a network of <paramref name="shape"/> on the stored rows <paramref name="rows"/> (all when null);
    /// a probe, when given, measures the gradient flow after initialisation and after training. Rows in
    /// <paramref name="heldOut"/>, which training never sees, are scored by the trained network and head at the end.</summary>
    public TrainedNetwork Train(SequenceStore store, IReadOnlyList<int> rows, NetworkShape shape, RowLabel label, Device device,
        GradientProbe probe = null, IReadOnlyList<int> heldOut = null)
    {
        return TrainingThreads.Run(_settings.Threads, () =>
        {
            using var setup = new TrainingSetup(shape, label.Outputs, _settings, device, _channel.LogInfo);
            var (network, head) = (setup.Network, setup.Head);
            probe?.MeasureInitial(network, head, label, device);
            var history = Fit(store, rows ?? Enumerable.Range(0, store.Count).ToArray(), network, head, label, device);
            probe?.MeasureTrained(network, head, label, device);
            var heldOutRows = heldOut ?? Array.Empty<int>();
            var (heldOutLoss, heldOutMetric) = Evaluate(BatchPlanner.PlanInOrder(heldOutRows, store.Steps, _settings.BatchSize),
                heldOutRows.Count, store, network, head, label, device, _settings.Cancellation);
            network.eval();
            network.SetDropoutBetweenLayers(0, null);
            return new TrainedNetwork(setup.TakeNetwork(), head.Export(), history, heldOutLoss, heldOutMetric);
        });
    }

    private List<EpochReport> Fit(SequenceStore store, IReadOnlyList<int> rows, EncoderNetwork network, TrainingHead head,
        RowLabel label, Device device)
    {
        var (trainRows, validationRows) = ValidationSplit.Choose(rows, _settings.ValidationFraction, _settings.MinValidationRows, _settings.Seed);
        var budget = TrainingBudget.Plan(trainRows.Length, _settings.BatchSize, _settings.MaxEpochs, _settings.MinTrainingSteps, _settings.MaxTrainingSteps);
        var learningRate = new ScheduledLearningRate(_settings.Schedule, _settings.LearningRate, budget.PlannedSteps);
        using var step = new TrainStep(network, head, label, device, _settings);
        var divergence = new DivergenceGuard(_settings);
        var planner = new BatchPlanner(_settings.BatchSize, _settings.Seed);
        var validationBatches = BatchPlanner.PlanInOrder(validationRows, store.Steps, _settings.BatchSize);
        long stepsTaken = 0;
        _channel.LogInfo($"Training {network.Shape.Cell} encoder on {trainRows.Length} rows, validating on {DescribeValidation(validationRows.Length)}; " +
            $"{budget.Epochs} epochs of {budget.StepsPerEpoch} steps planned ({budget.PlannedSteps} steps), learning rate {_settings.LearningRate} ({_settings.Schedule}).");

        var progress = new EpochProgress(_channel.LogTrace, $"{network.Shape.Cell} encoder", budget.Epochs);

        double TrainEpoch(int epoch)
        {
            step.FreezePretrained(epoch <= (_settings.Pretrained?.FrozenEpochs ?? 0));
            step.StartEpoch(epoch);
            network.train();
            head.train();
            double lossSum = 0;
            int rowsSeen = 0, batchNumber = 0;
            var batches = planner.PlanEpoch(trainRows, store.Steps);
            int batchesThisEpoch = (int)Math.Min(batches.Count, budget.PlannedSteps - stepsTaken);
            foreach (int[] batch in batches)
            {
                if (stepsTaken == budget.PlannedSteps) break;
                _settings.Cancellation.ThrowIfCancelled();
                batchNumber++;
                step.SetLearningRate(learningRate.At(stepsTaken));
                double value = step.Run(store.Batch(batch), batch.Select(store.Label).ToArray(),
                    beforeUpdate: (loss, gradientNorm) => divergence.Check(epoch, batchNumber, loss, gradientNorm));
                lossSum += value * batch.Length;
                rowsSeen += batch.Length;
                stepsTaken++;
                progress.Done(epoch, batchNumber, batchesThisEpoch);
            }
            return lossSum / rowsSeen;
        }

        return new EpochLoop(_settings, _channel.LogInfo).Run(network.Shape.Cell.ToString(), budget, label,
            validationRows.Length > 0, TrainEpoch, () => stepsTaken == budget.PlannedSteps,
            () => Evaluate(validationBatches, validationRows.Length, store, network, head, label, device, _settings.Cancellation), network, head);
    }

    private static string DescribeValidation(int rows) => rows > 0 ? $"{rows}" : "none (too few rows to hold some out)";

    private static (double Loss, double Metric) Evaluate(List<int[]> batches, int rowCount, SequenceStore store,
        EncoderNetwork network, TrainingHead head, RowLabel label, Device device, TrainingCancellation cancellation)
    {
        if (rowCount == 0) return (double.NaN, double.NaN);
        network.eval();
        head.eval();
        using var noGrad = torch.no_grad();
        double lossSum = 0, metricSum = 0;
        foreach (int[] rows in batches)
        {
            cancellation.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            var (input, lengths) = BatchTensors.Create(store.Batch(rows), device);
            var labels = label.Labels(rows.Select(store.Label).ToArray(), device);
            var output = head.call(network.call(input, lengths));
            lossSum += label.Loss(output, labels).item<float>() * rows.Length;
            metricSum += label.MetricSum(output, labels);
        }
        return (lossSum / rowCount, metricSum / rowCount);
    }
}
