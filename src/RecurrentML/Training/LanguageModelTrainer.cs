using RecurrentML.Targets;
using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>What a language model's training returns: the network (the caller owns it) and its epochs.</summary>
internal sealed record TrainedLanguageModel(LanguageModelNetwork Network, IReadOnlyList<EpochReport> History);

/// <summary>
/// Trains a language model on next-token cross-entropy over every step, with truncated backpropagation through time
/// (<see cref="TokenBatches"/>), Adam, gradient clipping, the encoders' step budget, learning-rate schedule and early
/// stopping, the encoders' cancellation and divergence checks at every chunk, and per-token validation perplexity in
/// every epoch's line. The validation text is the last
/// <see cref="TrainingSettings.ValidationFraction"/> of the rows, in order: rows of a text follow one another, so a
/// random choice would validate on lines whose neighbours were trained on.
/// </summary>
internal sealed class LanguageModelTrainer
{
    private readonly TrainingSettings _settings;
    private readonly int _chunkLength;
    private readonly Action<string> _log;
    private readonly Action<string> _trace;

    /// <param name="settings">The training options.</param>
    /// <param name="chunkLength">Steps per truncated-BPTT chunk.</param>
    /// <param name="log">Writes an Info line (the setup, each epoch).</param>
    /// <param name="trace">Writes a trace line (progress inside an epoch: <see cref="EpochProgress"/>).</param>
    public LanguageModelTrainer(TrainingSettings settings, int chunkLength, Action<string> log, Action<string> trace)
    {
        _settings = settings;
        _chunkLength = chunkLength;
        _log = log;
        _trace = trace;
    }

    public TrainedLanguageModel Train(IReadOnlyList<int[]> rows, LanguageModelShape shape, Device device) =>
        TrainingThreads.Run(_settings.Threads, () =>
        {
            using var generator = new Generator((ulong)_settings.Seed, device);
            var network = new LanguageModelNetwork(shape) { Log = _log };
            try
            {
                network.Initialize(generator, _settings.GateBiases, _settings.ChronoMaxTimescale);
                _settings.WordVectors?.Apply(network.Embedding);
                network.SetDropout(_settings.Dropout, generator);
                network.to(device);
                var history = Fit(rows, network, device);
                network.eval();
                network.SetDropout(0, null);
                return new TrainedLanguageModel(network, history);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        });

    /// <summary>Rows held out for validation: the last fraction of them, or none when that is fewer than the minimum.</summary>
    public static int ValidationRows(int rows, double fraction, int minimumRows)
    {
        int validation = (int)Math.Round(rows * fraction);
        return validation < Math.Max(1, minimumRows) || validation >= rows ? 0 : validation;
    }

    private List<EpochReport> Fit(IReadOnlyList<int[]> rows, LanguageModelNetwork network, Device device)
    {
        int validationRows = ValidationRows(rows.Count, _settings.ValidationFraction, _settings.MinValidationRows);
        var trainRows = rows.Take(rows.Count - validationRows).ToList();
        var validation = rows.Skip(rows.Count - validationRows).ToList();
        int endOfRow = network.Shape.EndOfRow;
        var train = new TokenBatches(trainRows, endOfRow, _settings.BatchSize, _chunkLength);
        if (train.ChunkCount == 0)
            throw new InvalidOperationException(
                $"The training text is too short: {trainRows.Sum(r => r.Length + 1)} tokens (ends of rows included) in {trainRows.Count} rows make fewer than " +
                $"2 tokens per each of the BatchSize = {_settings.BatchSize} streams; give more text or a smaller BatchSize.");
        long validationTokens = validation.Sum(r => r.Length + 1L);
        var held = new TokenBatches(validation, endOfRow, TokenBatches.ColumnsFor(validationTokens, _settings.BatchSize, _chunkLength), _chunkLength);
        var budget = TrainingBudget.Plan(train.ChunkCount, 1, _settings.MaxEpochs, _settings.MinTrainingSteps, _settings.MaxTrainingSteps);
        var learningRate = new ScheduledLearningRate(_settings.Schedule, _settings.LearningRate, budget.PlannedSteps);
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, _settings.LearningRate, _settings.WeightDecay);
        using var frozenVectors = _settings.WordVectors?.Hold(network.Embedding);
        _log($"Training {network.Shape.Layers.Cell} language model on {train.TargetCount} tokens ({trainRows.Count} rows, {train.Columns} streams, " +
            $"chunks of {_chunkLength} steps), validating on {(held.TargetCount > 0 ? $"{held.TargetCount} tokens ({validationRows} rows)" : "none")}; " +
            $"{budget.Epochs} epochs of {budget.StepsPerEpoch} steps planned ({budget.PlannedSteps} steps), learning rate {_settings.LearningRate} ({_settings.Schedule}).");
        var progress = new EpochProgress(_trace, $"{network.Shape.Layers.Cell} language model", budget.Epochs);
        long stepsTaken = 0;
        var divergence = new DivergenceGuard(_settings);

        double TrainEpoch(int epoch)
        {
            network.train();
            frozenVectors?.StartEpoch(epoch);
            LayerState[] state = null;
            double lossSum = 0;
            long targets = 0;
            int chunks = (int)Math.Min(train.ChunkCount, budget.PlannedSteps - stepsTaken);
            try
            {
                for (int chunk = 0; chunk < train.ChunkCount && stepsTaken < budget.PlannedSteps; chunk++)
                {
                    _settings.Cancellation.ThrowIfCancelled();
                    using var scope = NewDisposeScope();
                    optimizer.LearningRate = learningRate.At(stepsTaken);
                    var (inputs, next) = train.Chunk(chunk, device);
                    optimizer.ZeroGrad();
                    var (outputs, end) = network.ReadOutputs(inputs, state);
                    double value = NextToken.Instance.Backward(network, outputs, next);
                    frozenVectors?.ZeroGradient();
                    divergence.Check(epoch, chunk + 1, value, GradientNorm.ClipAndMeasure(parameters, _settings.GradientClipNorm));
                    optimizer.Step();
                    frozenVectors?.Restore();
                    LayerState.Dispose(state);
                    state = end.Select(s => s.Detach().MoveToOuterDisposeScope()).ToArray();
                    lossSum += value * next.numel();
                    targets += next.numel();
                    stepsTaken++;
                    progress.Done(epoch, chunk + 1, chunks);
                }
            }
            finally
            {
                // Also when cancellation or divergence ends the epoch: the carried state lives outside the chunk's scope.
                LayerState.Dispose(state);
            }
            return lossSum / targets;
        }

        (double Loss, double Metric) Evaluate()
        {
            double loss = MeanLoss(network, held, device, _settings.Cancellation);
            return (loss, Math.Exp(loss));
        }

        return new EpochLoop(_settings, _log).Run($"{network.Shape.Layers.Cell} language model", budget, NextToken.Instance,
            held.TargetCount > 0, TrainEpoch, () => stepsTaken == budget.PlannedSteps, Evaluate, network);
    }

    /// <summary>Mean next-token cross-entropy (nats per token) of <paramref name="network"/> over every target of
    /// <paramref name="batches"/>, state carried across chunks, without dropout; <paramref name="cancellation"/> is
    /// checked before every chunk.</summary>
    public static double MeanLoss(LanguageModelNetwork network, TokenBatches batches, Device device, TrainingCancellation cancellation)
    {
        network.eval();
        using var noGrad = no_grad();
        LayerState[] state = null;
        double sum = 0;
        try
        {
            for (int chunk = 0; chunk < batches.ChunkCount; chunk++)
            {
                cancellation.ThrowIfCancelled();
                using var scope = NewDisposeScope();
                var (inputs, next) = batches.Chunk(chunk, device);
                var (outputs, end) = network.ReadOutputs(inputs, state);
                sum += NextToken.Instance.Sum(network, outputs, next);
                LayerState.Dispose(state);
                state = end.Select(s => s.MoveToOuterDisposeScope()).ToArray();
            }
        }
        finally
        {
            LayerState.Dispose(state);
        }
        return sum / batches.TargetCount;
    }
}
