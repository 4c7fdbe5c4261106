using RecurrentML.Targets;
using RecurrentML.Data;
using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>What a tagger's training returns: the network (the caller owns it) and its epochs.</summary>
internal sealed record TrainedTagger(TaggerNetwork Network, IReadOnlyList<EpochReport> History);

/// <summary>
/// Trains a <see cref="TaggerNetwork"/> on sentences: batches of sentences of similar length, Adam with the
/// encoders' step budget, learning-rate schedule, gradient clipping, early stopping on validation token accuracy,
/// cancellation and divergence checks at every batch.
/// </summary>
internal sealed class TaggerTrainer
{
    private readonly TrainingSettings _settings;
    private readonly Action<string> _log;
    private readonly Action<string> _trace;

    public TaggerTrainer(TrainingSettings settings, Action<string> log, Action<string> trace)
    {
        _settings = settings;
        _log = log;
        _trace = trace;
    }

    public TrainedTagger Train(IReadOnlyList<IdSentence> sentences, TaggerModelShape shape, StepTags target, Device device) =>
        TrainingThreads.Run(_settings.Threads, () =>
        {
            using var generator = new Generator((ulong)_settings.Seed, device);
            var network = new TaggerNetwork(shape, generator);
            try
            {
                _settings.WordVectors?.Apply(network.WordEmbedding);
                network.SetDropout(_settings.Dropout, generator);
                network.to(device);
                var history = Fit(sentences, network, target, device);
                network.eval();
                network.SetDropout(0, null);
                return new TrainedTagger(network, history);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        });

    private List<EpochReport> Fit(IReadOnlyList<IdSentence> sentences, TaggerNetwork network, StepTags target, Device device)
    {
        int Steps(int row) => sentences[row].Words.Length;
        var nonEmpty = Enumerable.Range(0, sentences.Count).Where(r => Steps(r) > 0).ToArray();
        var (trainRows, validationRows) = ValidationSplit.Choose(nonEmpty, _settings.ValidationFraction, _settings.MinValidationRows, _settings.Seed);
        var budget = TrainingBudget.Plan(trainRows.Length, _settings.BatchSize, _settings.MaxEpochs, _settings.MinTrainingSteps, _settings.MaxTrainingSteps);
        var learningRate = new ScheduledLearningRate(_settings.Schedule, _settings.LearningRate, budget.PlannedSteps);
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, _settings.LearningRate, _settings.WeightDecay);
        using var frozenVectors = _settings.WordVectors?.Hold(network.WordEmbedding);
        var divergence = new DivergenceGuard(_settings);
        var planner = new BatchPlanner(_settings.BatchSize, _settings.Seed);
        var validationBatches = BatchPlanner.PlanInOrder(validationRows, Steps, _settings.BatchSize);
        long stepsTaken = 0;
        string what = $"{network.Layers.Cell} tagger";
        _log($"Training {what} on {trainRows.Length} sentences ({trainRows.Sum(r => (long)Steps(r))} tokens), validating on " +
            $"{(validationRows.Length > 0 ? $"{validationRows.Length}" : "none (too few sentences to hold some out)")}; {budget.Epochs} epochs of " +
            $"{budget.StepsPerEpoch} steps planned ({budget.PlannedSteps} steps), learning rate {_settings.LearningRate} ({_settings.Schedule}).");
        var progress = new EpochProgress(_trace, what, budget.Epochs);

        double TrainEpoch(int epoch)
        {
            network.train();
            frozenVectors?.StartEpoch(epoch);
            double lossSum = 0;
            long tokens = 0;
            int batchNumber = 0;
            var batches = planner.PlanEpoch(trainRows, Steps);
            int batchesThisEpoch = (int)Math.Min(batches.Count, budget.PlannedSteps - stepsTaken);
            foreach (int[] batch in batches)
            {
                if (stepsTaken == budget.PlannedSteps) break;
                _settings.Cancellation.ThrowIfCancelled();
                batchNumber++;
                using var scope = NewDisposeScope();
                optimizer.LearningRate = learningRate.At(stepsTaken);
                var (words, characters, gold, lengths) = TaggerBatch.Create(sentences, batch, device);
                optimizer.ZeroGrad();
                var loss = network.Loss(network.Emissions(words, characters, lengths), gold, lengths);
                loss.backward();
                double value = loss.item<float>();
                frozenVectors?.ZeroGradient();
                divergence.Check(epoch, batchNumber, value, GradientNorm.ClipAndMeasure(parameters, _settings.GradientClipNorm));
                optimizer.Step();
                frozenVectors?.Restore();
                long batchTokens = batch.Sum(r => (long)Steps(r));
                lossSum += value * batchTokens;
                tokens += batchTokens;
                stepsTaken++;
                progress.Done(epoch, batchNumber, batchesThisEpoch);
            }
            return lossSum / tokens;
        }

        (double Loss, double Metric) Evaluate() => Evaluation(network, sentences, validationBatches, device, _settings.Cancellation);

        return new EpochLoop(_settings, _log).Run(what, budget, target, validationRows.Length > 0,
            TrainEpoch, () => stepsTaken == budget.PlannedSteps, Evaluate, network);
    }

    /// <summary>The mean loss per batch and the token accuracy of the network on <paramref name="batches"/>.</summary>
    private static (double Loss, double Accuracy) Evaluation(TaggerNetwork network, IReadOnlyList<IdSentence> sentences, List<int[]> batches,
        Device device, TrainingCancellation cancellation)
    {
        network.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0, tokens = 0;
        foreach (int[] batch in batches)
        {
            cancellation.ThrowIfCancelled();
            using var scope = NewDisposeScope();
            var (words, characters, gold, lengths) = TaggerBatch.Create(sentences, batch, device);
            var scores = network.Emissions(words, characters, lengths);
            lossSum += network.Loss(scores, gold, lengths).item<float>() * batch.Length;
            var (predicted, _) = network.Predict(scores, lengths);
            for (int i = 0; i < batch.Length; i++)
            {
                var expected = sentences[batch[i]].Tags;
                for (int t = 0; t < expected.Length; t++) correct += predicted[i][t] == expected[t] ? 1 : 0;
                tokens += expected.Length;
            }
        }
        return (lossSum / batches.Sum(b => b.Length), (double)correct / tokens);
    }
}
