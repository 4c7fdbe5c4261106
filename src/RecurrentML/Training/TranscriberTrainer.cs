using RecurrentML.Data;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>What a transcriber's training returns: the network (the caller owns it) and its epochs.</summary>
internal sealed record TrainedTranscriber(TranscriberNetwork Network, IReadOnlyList<EpochReport> History);

/// <summary>
/// Trains a <see cref="TranscriberNetwork"/> with CTC's loss (<see cref="CtcTranscript"/>): batches of rows of similar
/// length, Adam with the encoders' step budget, learning-rate schedule and gradient clipping, early stopping on the
/// validation rows' symbol error rate (greedy decoding), cancellation and divergence checks at every batch.
/// </summary>
internal sealed class TranscriberTrainer
{
    private readonly TrainingSettings _settings;
    private readonly Action<string> _log;
    private readonly Action<string> _trace;

    public TranscriberTrainer(TrainingSettings settings, Action<string> log, Action<string> trace)
    {
        _settings = settings;
        _log = log;
        _trace = trace;
    }

    /// <param name="steps">Each row's standardised steps.</param>
    /// <param name="transcripts">Each row's classes (1-based symbols), each alignable to its row's steps.</param>
    /// <param name="layers">The recurrent layers' shape.</param>
    /// <param name="target">The symbols.</param>
    /// <param name="device">Where the network trains.</param>
    public TrainedTranscriber Train(IReadOnlyList<float[]> steps, IReadOnlyList<int[]> transcripts, NetworkShape layers, CtcTranscript target, Device device) =>
        TrainingThreads.Run(_settings.Threads, () =>
        {
            using var generator = new Generator((ulong)_settings.Seed, device);
            var network = new TranscriberNetwork(layers, target.Symbols.Length + 1, generator);
            try
            {
                network.SetDropout(_settings.Dropout, generator);
                network.to(device);
                var history = Fit(steps, transcripts, network, target, device);
                network.eval();
                network.SetDropout(0, null);
                return new TrainedTranscriber(network, history);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        });

    private List<EpochReport> Fit(IReadOnlyList<float[]> steps, IReadOnlyList<int[]> transcripts, TranscriberNetwork network, CtcTranscript target, Device device)
    {
        int featuresPerStep = network.Layers.InputSize;
        int Steps(int row) => steps[row].Length / featuresPerStep;
        var rows = Enumerable.Range(0, steps.Count).ToArray();
        var (trainRows, validationRows) = ValidationSplit.Choose(rows, _settings.ValidationFraction, _settings.MinValidationRows, _settings.Seed);
        var budget = TrainingBudget.Plan(trainRows.Length, _settings.BatchSize, _settings.MaxEpochs, _settings.MinTrainingSteps, _settings.MaxTrainingSteps);
        var learningRate = new ScheduledLearningRate(_settings.Schedule, _settings.LearningRate, budget.PlannedSteps);
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, _settings.LearningRate, _settings.WeightDecay);
        var divergence = new DivergenceGuard(_settings);
        var planner = new BatchPlanner(_settings.BatchSize, _settings.Seed);
        var validationBatches = BatchPlanner.PlanInOrder(validationRows, Steps, _settings.BatchSize);
        long stepsTaken = 0;
        string what = $"{network.Layers.Cell} transcriber";
        _log($"Training {what} on {trainRows.Length} rows ({trainRows.Sum(r => (long)Steps(r))} steps, {trainRows.Sum(r => (long)transcripts[r].Length)} symbols), validating on " +
            $"{(validationRows.Length > 0 ? $"{validationRows.Length}" : "none (too few rows to hold some out)")}; {budget.Epochs} epochs of " +
            $"{budget.StepsPerEpoch} steps planned ({budget.PlannedSteps} steps), learning rate {_settings.LearningRate} ({_settings.Schedule}).");
        var progress = new EpochProgress(_trace, what, budget.Epochs);

        double TrainEpoch(int epoch)
        {
            network.train();
            double lossSum = 0;
            int batchNumber = 0, rowsSeen = 0;
            var batches = planner.PlanEpoch(trainRows, Steps);
            int batchesThisEpoch = (int)Math.Min(batches.Count, budget.PlannedSteps - stepsTaken);
            foreach (int[] batch in batches)
            {
                if (stepsTaken == budget.PlannedSteps) break;
                _settings.Cancellation.ThrowIfCancelled();
                batchNumber++;
                using var scope = NewDisposeScope();
                optimizer.LearningRate = learningRate.At(stepsTaken);
                var (input, lengths) = TranscriberBatch.Steps(steps, batch, featuresPerStep, device);
                var (targets, targetLengths) = TranscriberBatch.Targets(transcripts, batch, device);
                optimizer.ZeroGrad();
                var loss = CtcTranscript.Loss(network.LogProbabilities(input, lengths), targets, lengths.to(device), targetLengths);
                loss.backward();
                double value = loss.item<float>();
                divergence.Check(epoch, batchNumber, value, GradientNorm.ClipAndMeasure(parameters, _settings.GradientClipNorm));
                optimizer.Step();
                lossSum += value * batch.Length;
                rowsSeen += batch.Length;
                stepsTaken++;
                progress.Done(epoch, batchNumber, batchesThisEpoch);
            }
            return lossSum / rowsSeen;
        }

        (double Loss, double Metric) Evaluate() => Evaluation(network, steps, transcripts, validationBatches, device, _settings.Cancellation);

        return new EpochLoop(_settings, _log).Run(what, budget, target, validationRows.Length > 0,
            TrainEpoch, () => stepsTaken == budget.PlannedSteps, Evaluate, network);
    }

    /// <summary>The mean loss per row and the symbol error rate of greedy decoding on <paramref name="batches"/>.</summary>
    private static (double Loss, double ErrorRate) Evaluation(TranscriberNetwork network, IReadOnlyList<float[]> steps, IReadOnlyList<int[]> transcripts,
        List<int[]> batches, Device device, TrainingCancellation cancellation)
    {
        network.eval();
        using var noGrad = no_grad();
        int featuresPerStep = network.Layers.InputSize;
        double lossSum = 0;
        long errors = 0, symbols = 0;
        foreach (int[] batch in batches)
        {
            cancellation.ThrowIfCancelled();
            using var scope = NewDisposeScope();
            var (input, lengths) = TranscriberBatch.Steps(steps, batch, featuresPerStep, device);
            var (targets, targetLengths) = TranscriberBatch.Targets(transcripts, batch, device);
            var logProbabilities = network.LogProbabilities(input, lengths);
            lossSum += CtcTranscript.Loss(logProbabilities, targets, lengths.to(device), targetLengths).item<float>() * batch.Length;
            // [batch, steps, classes] on the CPU, read row by row.
            var values = logProbabilities.transpose(0, 1).contiguous().cpu().data<float>().ToArray();
            long rowSize = logProbabilities.shape[0] * logProbabilities.shape[2];
            int classes = (int)logProbabilities.shape[2];
            for (int i = 0; i < batch.Length; i++)
            {
                int length = steps[batch[i]].Length / featuresPerStep;
                var decoded = Network.Heads.CtcDecoding.Greedy(values.AsSpan((int)(i * rowSize), length * classes), classes);
                errors += EditDistance.Between(transcripts[batch[i]], decoded);
                symbols += transcripts[batch[i]].Length;
            }
        }
        return (lossSum / batches.Sum(b => b.Length), (double)errors / symbols);
    }
}
