using System.Buffers;

namespace RecurrentML.Network.Heads;

/// <summary>
/// Each token's probability of each tag under a <see cref="LinearChainCrf"/> (its marginals, summed over every tag path)
/// for one row on plain values: the forward-backward algorithm in log space, in double precision, so the result is
/// within float rounding of the exact marginals. Why managed rather than torch: a sentence has few steps and few tags,
/// and torch's per-step calls (a dozen small operations a step, forward and backward) cost far more than the
/// arithmetic; here a 20-token sentence with 17 tags takes about 12,000 additions and exponentials. Safe on any number
/// of threads at once.
/// </summary>
internal static class CrfMarginals
{
    /// <summary>Writes each step's probability of each tag into <paramref name="marginals"/> (each step's sum is 1).</summary>
    /// <param name="emissions">[steps * tags]: step t's tag scores at [t * tags ..]; steps at least 1, finite.</param>
    /// <param name="tags">Tags per step.</param>
    /// <param name="transitions">[tags * tags], row-major: transitions[i * tags + j] scores tag i followed by tag j.</param>
    /// <param name="start">[tags]: the score of starting at each tag.</param>
    /// <param name="end">[tags]: the score of ending at each tag.</param>
    /// <param name="marginals">[steps * tags]: receives the probabilities, laid out as the emissions.</param>
    public static void Compute(ReadOnlySpan<float> emissions, int tags, float[] transitions, float[] start, float[] end, Span<float> marginals)
    {
        if (tags < 1 || emissions.Length == 0 || emissions.Length % tags != 0)
            throw new ArgumentException($"Emissions hold {emissions.Length} values for {tags} tags; expected a positive multiple of tags.", nameof(emissions));
        if (transitions.Length != tags * tags || start.Length != tags || end.Length != tags)
            throw new ArgumentException($"Transitions, start and end hold {transitions.Length}, {start.Length} and {end.Length} values; expected {tags * tags}, {tags} and {tags}.", nameof(transitions));
        if (marginals.Length != emissions.Length)
            throw new ArgumentException($"Marginals hold {marginals.Length} values; expected one per emission ({emissions.Length}).", nameof(marginals));
        int steps = emissions.Length / tags;

        // alpha[t, j]: log of the summed scores of every path prefix ending at tag j at step t, emission t included;
        // beta[t, i]: log of the summed scores of every path suffix after tag i at step t, the end score included.
        var forward = ArrayPool<double>.Shared.Rent(steps * tags);
        var backward = ArrayPool<double>.Shared.Rent(steps * tags);
        var terms = ArrayPool<double>.Shared.Rent(tags);
        try
        {
            Span<double> alpha = forward.AsSpan(0, steps * tags), beta = backward.AsSpan(0, steps * tags), sum = terms.AsSpan(0, tags);
            for (int j = 0; j < tags; j++) alpha[j] = start[j] + (double)emissions[j];
            for (int t = 1; t < steps; t++)
                for (int j = 0; j < tags; j++)
                {
                    for (int i = 0; i < tags; i++) sum[i] = alpha[(t - 1) * tags + i] + transitions[i * tags + j];
                    alpha[t * tags + j] = LogSumExp(sum) + emissions[t * tags + j];
                }

            for (int i = 0; i < tags; i++) beta[(steps - 1) * tags + i] = end[i];
            for (int t = steps - 2; t >= 0; t--)
                for (int i = 0; i < tags; i++)
                {
                    for (int j = 0; j < tags; j++) sum[j] = transitions[i * tags + j] + (double)emissions[(t + 1) * tags + j] + beta[(t + 1) * tags + j];
                    beta[t * tags + i] = LogSumExp(sum);
                }

            for (int j = 0; j < tags; j++) sum[j] = alpha[(steps - 1) * tags + j] + end[j];
            double logPartition = LogSumExp(sum);
            for (int k = 0; k < steps * tags; k++) marginals[k] = (float)Math.Exp(alpha[k] + beta[k] - logPartition);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(forward);
            ArrayPool<double>.Shared.Return(backward);
            ArrayPool<double>.Shared.Return(terms);
        }
    }

    /// <summary>log Σ exp(values), shifted by the largest value so that no exponential overflows.</summary>
    private static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = values[0];
        for (int i = 1; i < values.Length; i++) max = Math.Max(max, values[i]);
        double total = 0;
        for (int i = 0; i < values.Length; i++) total += Math.Exp(values[i] - max);
        return max + Math.Log(total);
    }
}
