using RecurrentML.Targets;
using RecurrentML.Model;
using RecurrentML.Interop;
using RecurrentML.Network;
using RecurrentML.Network.Kernels;
using RecurrentML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (1): the library's own <see cref="TrainStep"/> (forward, binary cross-entropy, backward, clipping at norm 5,
/// Adam) on the standard configuration, run exactly as <c>Fit</c> runs it for an equal-length batch.
/// </summary>
internal static class TrainStepBenchmark
{
    public static StepTimes Measure(RecurrentCell cell, int warmup, int steps, int threads)
    {
        using var session = new TrainingSession(cell, threads);
        var batches = SyntheticBatches.Create(8, seed: 1);
        return StepTimes.Measure(warmup, steps, i => session.Step.Run(batches[i % batches.Length].Batch, batches[i % batches.Length].Labels));
    }

    /// <summary>The network, head and optimiser of one training, from the library's own <see cref="TrainingSetup"/>
    /// and <see cref="TrainStep"/>: seed 1, no dropout, chrono gate biases for the standard length, Adam at 1e-3,
    /// clipping at norm 5.</summary>
    internal sealed class TrainingSession : IDisposable
    {
        private static readonly TrainingSettings Settings = new(MaxEpochs: 1, MinTrainingSteps: 0, MaxTrainingSteps: null, BatchSize: StandardConfig.Batch,
            LearningRate: 1e-3, Schedule: LearningRateSchedule.Constant, WeightDecay: 0, GradientClipNorm: 5, ValidationFraction: 0, MinValidationRows: 1,
            EarlyStopping: EarlyStoppingCriterion.ValidationLoss, EarlyStoppingPatience: 1, Dropout: 0, Seed: 1, Threads: 1,
            GateBiases: GateInitialization.Chrono, ChronoMaxTimescale: StandardConfig.Length);

        private readonly DenormalFlushScope _flush = DenormalFlushScope.Enter();
        private readonly TrainingSetup _setup;

        /// <param name="lstmKernels">Chooses the LSTM kernel; the library's own guard when null.</param>
        /// <param name="vocabulary">Keys of the embedding; the standard configuration's by default.</param>
        /// <param name="embedding">The embedding's size; the standard configuration's by default.</param>
        public TrainingSession(RecurrentCell cell, int threads, LstmKernelGuard lstmKernels = null, int vocabulary = StandardConfig.Vocabulary,
            int embedding = StandardConfig.Embedding)
        {
            torch.set_num_threads(threads);
            var shape = new NetworkShape(cell, vocabulary + 1, embedding, StandardConfig.Hidden, 1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
            _setup = new TrainingSetup(shape, outputs: 1, Settings, CPU, log: null, lstmKernels);
            Network.train();
            Head.train();
            Step = new TrainStep(Network, Head, new BooleanLabel(), CPU, Settings);
        }

        public EncoderNetwork Network => _setup.Network;
        public TrainingHead Head => _setup.Head;
        public TrainStep Step { get; }

        public void Dispose()
        {
            Step.Dispose();
            _setup.Dispose();
            _flush.Dispose();
        }
    }
}
