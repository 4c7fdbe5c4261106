using RecurrentML.Network;
using RecurrentML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Bench;

/// <summary>
/// Where a train step's time goes: the same operations as <see cref="TrainStep.Run"/>, timed one phase at a time
/// (CPU tensors run synchronously, so a phase's wall time is its compute time).
/// </summary>
internal static class TrainStepProfile
{
    public static readonly string[] Phases =
        { "batch to tensors", "embedding forward", "recurrent forward + pooling", "head + loss forward", "backward", "clip gradients", "zero grad + Adam step" };

    /// <summary>Median milliseconds per phase over <paramref name="steps"/> steps.</summary>
    public static Dictionary<string, double> Measure(RecurrentCell cell, int warmup, int steps, int threads)
    {
        using var session = new TrainStepBenchmark.TrainingSession(cell, threads);
        var parameters = session.Network.parameters().Concat(session.Head.parameters()).ToArray();
        using var optimizer = optim.Adam(parameters, 1e-3);
        var objective = new BinaryCrossEntropyObjective();
        var batches = SyntheticBatches.Create(8, seed: 2);
        var times = Phases.ToDictionary(p => p, _ => new List<double>());
        for (int i = 0; i < warmup + steps; i++)
        {
            using var scope = NewDisposeScope();
            var (batch, labels) = batches[i % batches.Length];
            var clock = new PhaseClock(times, record: i >= warmup);
            var (input, lengths) = BatchTensors.Create(batch, CPU);
            var target = objective.Labels(labels, CPU);
            clock.Lap(Phases[0]);
            var embedded = session.Network.EmbedSteps(input);
            clock.Lap(Phases[1]);
            var encoding = session.Network.EncodeSteps(embedded, lengths).Encoding;
            clock.Lap(Phases[2]);
            var loss = objective.Loss(session.Head.call(encoding), target);
            clock.Lap(Phases[3]);
            loss.backward();
            clock.Lap(Phases[4]);
            nn.utils.clip_grad_norm_(parameters, 5);
            clock.Lap(Phases[5]);
            optimizer.step();
            optimizer.zero_grad();
            loss.item<float>();
            clock.Lap(Phases[6]);
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
