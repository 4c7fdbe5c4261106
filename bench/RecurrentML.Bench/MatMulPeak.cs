using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (3): float32 matrix-multiply throughput of this process's libtorch at the benchmark's thread count, for a
/// large square product (the machine's practical peak) and for the shapes a standard LSTM step multiplies.
/// </summary>
internal static class MatMulPeak
{
    public sealed record Shape(string Name, long M, long K, long N);

    public static readonly Shape[] Shapes =
    {
        new("1024x1024 @ 1024x1024", 1024, 1024, 1024),
        new("512x512 @ 512x512", 512, 512, 512),
        new("recurrent: 64x128 @ 128x512", 64, 128, 512),
        new("input projection: 6400x64 @ 64x512", 6400, 64, 512),
    };

    /// <summary>Best GFLOP/s over <paramref name="repeats"/> timed rounds of each shape.</summary>
    public static Dictionary<string, double> Measure(int threads, int repeats)
    {
        torch.set_num_threads(threads);
        return Shapes.ToDictionary(shape => shape.Name, shape => Measure(shape, repeats));
    }

    /// <summary>Best GFLOP/s of <paramref name="shape"/> over <paramref name="repeats"/> timed rounds of about 20 ms.</summary>
    public static double Measure(Shape shape, int repeats)
    {
        using var generator = new Generator(3);
        using var a = rand(new[] { shape.M, shape.K }, generator: generator);
        using var b = rand(new[] { shape.K, shape.N }, generator: generator);
        // In place into one output: allocating a fresh product each time would time page faults, not the multiply.
        using var c = zeros(shape.M, shape.N);
        double flops = 2.0 * shape.M * shape.K * shape.N;
        int perRound = (int)Math.Clamp(2e9 / flops, 1, 10_000);
        double best = 0;
        for (int round = 0; round < repeats + 1; round++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++) c.addmm_(a, b, beta: 0);
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (round > 0) best = Math.Max(best, flops * perRound / seconds / 1e9);
        }
        return best;
    }
}
