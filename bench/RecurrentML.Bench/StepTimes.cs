namespace RecurrentML.Bench;

/// <summary>Wall times of repeated runs of one operation, in milliseconds.</summary>
internal sealed record StepTimes(double[] Milliseconds)
{
    public double Median => Percentile(50);
    public double Mean => Milliseconds.Average();

    public double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToArray();
        double rank = p / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank), high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times timed.</summary>
    public static StepTimes Measure(int warmup, int runs, Action<int> action)
    {
        for (int i = 0; i < warmup; i++) action(i);
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            action(warmup + i);
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return new StepTimes(times);
    }
}
