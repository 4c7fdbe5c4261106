using RecurrentML.Data;
using RecurrentML.Network;
using RecurrentML.Network.Kernels;
using static TorchSharp.torch;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (8): what each of libtorch's LSTM kernels costs on this CPU, whichever the library's guard chooses (row
/// "-"): the standard train step, and scoring rows with the Amazon reviews' lengths (cut at 256) in length-sorted
/// batches of 128, as <c>Transform</c> does. Each kernel is forced in turn through an injected guard, in interleaved
/// rounds, because this machine's speed drifts within minutes. Forcing is for timing only: a forced kernel may compute
/// the wrong function on this CPU.
/// </summary>
internal static class LstmKernelBenchmark
{
    private static readonly LstmKernel[] Kernels = { LstmKernel.OneDnn, LstmKernel.Generic, LstmKernel.Packed };

    public sealed record KernelSpeed(string Kernel, double TrainStepMilliseconds, double ScoringRowsPerSecond);

    public static List<KernelSpeed> Measure(int[] reviewLengths, int rows, int rounds, int threads)
    {
        var batches = SyntheticBatches.Create(4, seed: 12);
        var random = new Random(13);
        var scoringBatches = reviewLengths.Take(rows).Select(length => Math.Min(length, 256)).Order().Chunk(BatchEncoder.ScoringBatchSize)
            .Select(lengths => PaddedBatch.FromTokens(lengths.Length, i => SyntheticBatches.RandomTokens(random, lengths[i]))).ToArray();
        var steps = Kernels.ToDictionary(k => k, _ => new List<double>());
        var scoring = Kernels.ToDictionary(k => k, _ => new List<double>());
        var sessions = Kernels.ToDictionary(k => k, k => new TrainStepBenchmark.TrainingSession(RecurrentCell.Lstm, threads, Forced(k)));
        try
        {
            foreach (var (kernel, session) in sessions) session.Step.Run(batches[0].Batch, batches[0].Labels); // warm-up
            for (int round = 0; round < rounds; round++)
                foreach (var kernel in Kernels)
                {
                    var session = sessions[kernel];
                    steps[kernel].AddRange(StepTimes.Measure(0, 3, i => session.Step.Run(batches[i % batches.Length].Batch, batches[i % batches.Length].Labels)).Milliseconds);
                    session.Network.eval();
                    var scored = StepTimes.Measure(0, 1, _ => Score(session.Network, scoringBatches));
                    session.Network.train();
                    scoring[kernel].Add(rows / (scored.Median / 1000));
                }
        }
        finally
        {
            foreach (var session in sessions.Values) session.Dispose();
        }
        return Kernels.Select(k => new KernelSpeed(k.ToString(), new StepTimes(steps[k].ToArray()).Median, new StepTimes(scoring[k].ToArray()).Median)).ToList();
    }

    private static LstmKernelGuard Forced(LstmKernel kernel) => new((_, _, candidate) => candidate == kernel ? 0 : null, (_, _, _, _) => 0);

    private static void Score(EncoderNetwork network, PaddedBatch[] batches)
    {
        using var noGrad = no_grad();
        foreach (var batch in batches)
        {
            using var scope = NewDisposeScope();
            var (input, lengths) = BatchTensors.Create(batch, CPU);
            network.call(input, lengths);
        }
    }
}
