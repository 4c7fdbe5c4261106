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

    /// <summary>The network, head and optimiser of one training, set up as <see cref="EncoderTrainer"/> does.</summary>
    internal sealed class TrainingSession : IDisposable
    {
        private readonly DenormalFlushScope _flush = DenormalFlushScope.Enter();
        private readonly Generator _generator = new(1);

        /// <param name="lstmKernels">Chooses the LSTM kernel; the library's own guard when null.</param>
        public TrainingSession(RecurrentCell cell, int threads, LstmKernelGuard lstmKernels = null)
        {
            torch.set_num_threads(threads);
            var shape = new NetworkShape(cell, StandardConfig.Vocabulary + 1, StandardConfig.Embedding, StandardConfig.Hidden,
                1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
            Network = new EncoderNetwork(shape, lstmKernels);
            Network.Initialize(_generator, GateInitialization.Chrono, StandardConfig.Length);
            Head = new TrainingHead(shape.EncodingSize, 1, 0, _generator);
            Network.train();
            Head.train();
            Step = new TrainStep(Network, Head, new BinaryCrossEntropyObjective(), CPU, 1e-3, 0, 5);
        }

        public EncoderNetwork Network { get; }
        public TrainingHead Head { get; }
        public TrainStep Step { get; }

        public void Dispose()
        {
            Step.Dispose();
            Head.Dispose();
            Network.Dispose();
            _generator.Dispose();
            _flush.Dispose();
        }
    }
}
