namespace RecurrentML.Targets;

/// <summary>Levenshtein distance: the fewest insertions, deletions and substitutions that turn one sequence into
/// another, the numerator of a symbol (or word, or digit) error rate.</summary>
internal static class EditDistance
{
    public static int Between<T>(IReadOnlyList<T> reference, IReadOnlyList<T> hypothesis) where T : IEquatable<T>
    {
        var previous = new int[hypothesis.Count + 1];
        var current = new int[hypothesis.Count + 1];
        for (int j = 0; j <= hypothesis.Count; j++) previous[j] = j;
        for (int i = 1; i <= reference.Count; i++)
        {
            current[0] = i;
            for (int j = 1; j <= hypothesis.Count; j++)
            {
                int substitution = previous[j - 1] + (reference[i - 1].Equals(hypothesis[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[hypothesis.Count];
    }
}
