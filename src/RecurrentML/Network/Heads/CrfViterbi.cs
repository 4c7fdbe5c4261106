using System.Buffers;

namespace RecurrentML.Network.Heads;

/// <summary>
/// <see cref="LinearChainCrf.Decode"/> for one row on plain values (the managed scoring path, as in
/// Network/RowScoring): no torch call, no batch, safe on any number of threads at once. Each score is the same float
/// additions in the same order as the torch decode, and ties go to the lower tag index in both, so the path is
/// exactly the torch one.
/// </summary>
internal static class CrfViterbi
{
    /// <summary>Writes the highest-scoring tag path of one row into <paramref name="path"/> and returns its score.</summary>
    /// <param name="emissions">[steps * tags]: step t's tag scores at [t * tags ..]; steps at least 1, finite.</param>
    /// <param name="tags">Tags per step.</param>
    /// <param name="transitions">[tags * tags], row-major: transitions[i * tags + j] scores tag i followed by tag j.</param>
    /// <param name="start">[tags]: the score of starting at each tag.</param>
    /// <param name="end">[tags]: the score of ending at each tag.</param>
    /// <param name="path">[steps]: receives the tags.</param>
    public static float Decode(ReadOnlySpan<float> emissions, int tags, float[] transitions, float[] start, float[] end, Span<int> path)
    {
        if (tags < 1 || emissions.Length == 0 || emissions.Length % tags != 0)
            throw new ArgumentException($"Emissions hold {emissions.Length} values for {tags} tags; expected a positive multiple of tags.", nameof(emissions));
        if (transitions.Length != tags * tags || start.Length != tags || end.Length != tags)
            throw new ArgumentException($"Transitions, start and end hold {transitions.Length}, {start.Length} and {end.Length} values; expected {tags * tags}, {tags} and {tags}.", nameof(transitions));
        int steps = emissions.Length / tags;
        if (path.Length != steps)
            throw new ArgumentException($"Path holds {path.Length} tags; expected one per step ({steps}).", nameof(path));

        var scores = ArrayPool<float>.Shared.Rent(2 * tags);
        var cameFrom = ArrayPool<int>.Shared.Rent((steps - 1) * tags);
        try
        {
            Span<float> best = scores.AsSpan(0, tags), reached = scores.AsSpan(tags, tags);
            for (int j = 0; j < tags; j++) best[j] = start[j] + emissions[j];
            for (int t = 1; t < steps; t++)
            {
                for (int j = 0; j < tags; j++)
                {
                    float top = best[0] + transitions[j];
                    int from = 0;
                    for (int i = 1; i < tags; i++)
                    {
                        float score = best[i] + transitions[i * tags + j];
                        if (score > top) (top, from) = (score, i);
                    }
                    reached[j] = top + emissions[t * tags + j];
                    cameFrom[(t - 1) * tags + j] = from;
                }
                reached.CopyTo(best);
            }

            float pathScore = best[0] + end[0];
            int last = 0;
            for (int j = 1; j < tags; j++)
            {
                float score = best[j] + end[j];
                if (score > pathScore) (pathScore, last) = (score, j);
            }
            path[steps - 1] = last;
            for (int t = steps - 1; t > 0; t--) path[t - 1] = cameFrom[(t - 1) * tags + path[t]];
            return pathScore;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(cameFrom);
        }
    }
}
