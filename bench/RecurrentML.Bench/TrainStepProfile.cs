using RecurrentML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Bench;

/// <summary>
/// Where a train step's time goes: the library's own <see cref="TrainStep.Run"/>, timed between the phase ends it
/// reports (CPU tensors run synchronously, so a phase's wall time is its compute time).
/// </summary>
internal static class TrainStepProfile
{
    /// <summary>Median milliseconds per phase over <paramref name="steps"/> steps, at the standard configuration or, when
    /// given, at <paramref name="text"/>'s sizes.</summary>
    public static Dictionary<string, double> Measure(RecurrentCell cell, int warmup, int steps, int threads, LongText text = null)
    {
        using var session = text == null
            ? new TrainStepBenchmark.TrainingSession(cell, threads)
            : new TrainStepBenchmark.TrainingSession(cell, threads, vocabulary: text.Vocabulary, embedding: text.Embedding);
        var batches = text == null ? SyntheticBatches.Create(8, seed: 2) : SyntheticBatches.Create(8, seed: 2, text.Rows, text.Length, text.Vocabulary);
        var times = TrainStep.Phases.ToDictionary(p => p, _ => new List<double>());
        for (int i = 0; i < warmup + steps; i++)
        {
            var (batch, labels) = batches[i % batches.Length];
            var clock = new PhaseClock(times, record: i >= warmup);
            session.Step.Run(batch, labels, clock.Lap);
        }
        return times.ToDictionary(p => p.Key, p => new StepTimes(p.Value.ToArray()).Median);
    }

    private sealed class PhaseClock(Dictionary<string, List<double>> times, bool record)
    {
        private long _start = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Lap(string phase)
        {
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (record) times[phase].Add(System.Diagnostics.Stopwatch.GetElapsedTime(_start, now).TotalMilliseconds);
            _start = now;
        }
    }
}

/// <summary>The sizes of a quick-start fit on IMDB: the vocabulary MapValueToKey makes of the 25,000 normalised
/// training reviews, the default batch of 32 rows, the first training batch's padded length (207 steps), and the
/// embedding's size (the default 64, or the study's 100-dimensional vectors).</summary>
internal sealed record LongText(int Embedding, int Vocabulary = 126_977, int Rows = 32, int Length = 207);
