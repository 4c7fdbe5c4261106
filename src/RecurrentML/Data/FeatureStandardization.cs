namespace RecurrentML.Data;

/// <summary>
/// Per-feature standardisation of float input, learned from the training rows in Fit: each of the FeaturesPerStep
/// features becomes (value - mean) / deviation, with the mean and population deviation over every step of every
/// training row. Recurrent cells saturate on raw sensor scales (tanh of 50 is 1), and one shared learning rate suits
/// features of one scale. A constant feature keeps deviation 1, so it is only centred.
/// </summary>
internal sealed record FeatureStandardization(float[] Means, float[] Deviations)
{
    public int Width => Means.Length;

    public static FeatureStandardization Fit(SequenceStore store)
    {
        int width = store.Format.FeaturesPerStep;
        var sum = new double[width];
        var squares = new double[width];
        long steps = 0;
        for (int row = 0; row < store.Count; row++)
        {
            var values = store.Values(row).Span;
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
            deviations[f] = deviation > 1e-6 * Math.Max(1, Math.Abs(mean)) && float.IsFinite((float)deviation) ? (float)deviation : 1f;
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
