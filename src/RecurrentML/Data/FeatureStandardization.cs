namespace RecurrentML.Data;

/// <summary>
/// Per-feature standardisation of float input, learned from the training rows in Fit: each of the FeaturesPerStep
/// features becomes (value - mean) / deviation, with the mean and population deviation over every step of every
/// training row. Recurrent cells saturate on raw sensor scales (tanh of 50 is 1), and one shared learning rate suits
/// features of one scale. A deviation is at least <see cref="RelativeFloor"/> x max(1, |mean|): a feature that varies
/// less (a constant one) keeps deviation max(1, 1e-6 x |mean|), so it is only centred. That floor bounds every
/// standardised value, |value - mean| / deviation &lt;= 1e6 x (|value| + 1), which is what keeps scoring finite
/// (docs/reliability.md); a loaded model must keep it too (<see cref="Violation"/>).
/// </summary>
internal sealed record FeatureStandardization(float[] Means, float[] Deviations)
{
    /// <summary>The smallest deviation relative to max(1, |mean|) that training produces.</summary>
    public const double RelativeFloor = 1e-6;

    public int Width => Means.Length;

    /// <summary>Why a stored mean and deviation are not a pair that training produces (allowing float rounding, half
    /// the floor), or null when they are.</summary>
    public static string Violation(float mean, float deviation) =>
        deviation >= RelativeFloor / 2 * Math.Max(1, Math.Abs((double)mean)) ? null
        : $"is below {RelativeFloor:G} x max(1, |mean|) for mean {mean:G9}; training never makes a deviation that small relative to its mean";

    public static FeatureStandardization Fit(SequenceStore store) =>
        Fit(Enumerable.Range(0, store.Count).Select(store.Values), store.Format.FeaturesPerStep);

    /// <summary>Learns the standardisation of <paramref name="rows"/>, each step-major with <paramref name="width"/>
    /// values a step.</summary>
    public static FeatureStandardization Fit(IEnumerable<ReadOnlyMemory<float>> rows, int width)
    {
        var sum = new double[width];
        var squares = new double[width];
        long steps = 0;
        foreach (var row in rows)
        {
            var values = row.Span;
            for (int i = 0; i < values.Length; i++)
            {
                sum[i % width] += values[i];
                squares[i % width] += (double)values[i] * values[i];
            }
            steps += values.Length / width;
        }
        var means = new float[width];
        var deviations = new float[width];
        for (int f = 0; f < width; f++)
        {
            double mean = steps == 0 ? 0 : sum[f] / steps;
            double variance = steps == 0 ? 0 : Math.Max(0, squares[f] / steps - mean * mean);
            double deviation = Math.Sqrt(variance);
            means[f] = (float)mean;
            double floor = RelativeFloor * Math.Max(1, Math.Abs(mean));
            deviations[f] = deviation > floor && float.IsFinite((float)deviation) ? (float)deviation : (float)Math.Max(1, floor);
        }
        return new FeatureStandardization(means, deviations);
    }

    /// <summary>Standardises step-major values in place.</summary>
    public void Apply(Span<float> values)
    {
        // Runs on every row scored: step by step, without an index modulo per value.
        for (int step = 0; step < values.Length; step += Width)
            for (int f = 0; f < Width; f++)
                values[step + f] = (values[step + f] - Means[f]) / Deviations[f];
    }
}
