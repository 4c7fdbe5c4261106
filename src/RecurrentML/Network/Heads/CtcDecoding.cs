using System.Runtime.InteropServices;

namespace RecurrentML.Network.Heads;

/// <summary>
/// Turns a CTC head's per-step log-probabilities into a labelling, on plain values. Class 0 is the blank; classes 1 to
/// classes - 1 are symbols. A labelling is what an alignment (one class per step) collapses to once repeats are merged
/// and blanks dropped, so "1 1" needs a blank between its two symbols. Safe on any number of threads at once.
/// </summary>
internal static class CtcDecoding
{
    /// <summary>
    /// The collapse of the single most probable alignment (each step's best class, ties to the lower class). Fast, but
    /// not always the most probable labelling, which sums over all of its alignments: see <see cref="PrefixBeam"/>.
    /// </summary>
    /// <param name="logProbabilities">[steps * classes], row-major: step t's log-probabilities at [t * classes ..].</param>
    /// <param name="classes">Classes per step, the blank included; at least 2.</param>
    /// <returns>The symbols (1 to classes - 1) in order; empty for zero steps.</returns>
    public static int[] Greedy(ReadOnlySpan<float> logProbabilities, int classes)
    {
        int steps = Steps(logProbabilities, classes);
        var symbols = new List<int>();
        int previous = 0;
        for (int t = 0; t < steps; t++)
        {
            var row = logProbabilities.Slice(t * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous) symbols.Add(best);
            previous = best;
        }
        return symbols.ToArray();
    }

    /// <summary>
    /// CTC prefix beam search (Hannun et al., 2014) without a language model: the labelling of greatest probability
    /// summed over its alignments, among the prefixes the beam keeps. Each prefix carries the log-probability of the
    /// alignments so far that collapse to it and end in a blank, and of those that end in its last symbol; they are kept
    /// apart because a repeat of the last symbol extends the prefix only after a blank (otherwise it merges into it).
    /// After each step the <paramref name="beamWidth"/> prefixes of greatest total are kept, ties to the prefix first in
    /// ordinal order, so the result does not depend on hashing. When the beam holds every prefix the search is exact.
    /// </summary>
    /// <param name="logProbabilities">[steps * classes], row-major: step t's log-probabilities at [t * classes ..].</param>
    /// <param name="classes">Classes per step, the blank included; at least 2.</param>
    /// <param name="beamWidth">Prefixes kept after each step; at least 1.</param>
    /// <returns>The symbols (1 to classes - 1) of the most probable prefix at the last step; empty for zero steps.</returns>
    public static int[] PrefixBeam(ReadOnlySpan<float> logProbabilities, int classes, int beamWidth)
    {
        int steps = Steps(logProbabilities, classes);
        if (beamWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, "The beam width must be at least 1.");

        var beam = new List<(int[] Prefix, Mass Mass)> { ([], new Mass(0, double.NegativeInfinity)) };
        var next = new Dictionary<int[], Mass>(PrefixEquality.Instance);
        for (int t = 0; t < steps; t++)
        {
            var row = logProbabilities.Slice(t * classes, classes);
            next.Clear();
            foreach (var (prefix, mass) in beam)
            {
                double total = mass.Total;
                Add(next, prefix, total + row[0], double.NegativeInfinity);
                int last = prefix.Length == 0 ? 0 : prefix[^1];
                for (int c = 1; c < classes; c++)
                {
                    if (c == last)
                    {
                        // The last symbol again: merged into the prefix when it follows that symbol, a new symbol only after a blank.
                        Add(next, prefix, double.NegativeInfinity, mass.NonBlank + row[c]);
                        Add(next, [.. prefix, c], double.NegativeInfinity, mass.Blank + row[c]);
                    }
                    else
                    {
                        Add(next, [.. prefix, c], double.NegativeInfinity, total + row[c]);
                    }
                }
            }

            beam = next.Select(entry => (Prefix: entry.Key, Mass: entry.Value)).ToList();
            beam.Sort(static (a, b) =>
            {
                int byTotal = a.Mass.Total.CompareTo(b.Mass.Total);
                return byTotal != 0 ? -byTotal : a.Prefix.AsSpan().SequenceCompareTo(b.Prefix);
            });
            if (beam.Count > beamWidth) beam.RemoveRange(beamWidth, beam.Count - beamWidth);
        }
        return beam[0].Prefix;
    }

    /// <summary>Validates the arguments common to both decoders and returns the number of steps.</summary>
    private static int Steps(ReadOnlySpan<float> logProbabilities, int classes)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "CTC needs at least 2 classes: the blank (class 0) and one symbol.");
        if (logProbabilities.Length % classes != 0)
            throw new ArgumentException($"The log-probabilities hold {logProbabilities.Length} values, not a multiple of the {classes} classes per step.", nameof(logProbabilities));
        return logProbabilities.Length / classes;
    }

    /// <summary>Adds log-probability mass to a prefix in <paramref name="next"/>, the prefix added if absent.</summary>
    private static void Add(Dictionary<int[], Mass> next, int[] prefix, double blank, double nonBlank)
    {
        ref var mass = ref CollectionsMarshal.GetValueRefOrAddDefault(next, prefix, out bool exists);
        mass = exists ? new Mass(LogAddExp(mass.Blank, blank), LogAddExp(mass.NonBlank, nonBlank)) : new Mass(blank, nonBlank);
    }

    /// <summary>log(exp(a) + exp(b)) without overflow; log 0 (negative infinity) is the identity.</summary>
    private static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double max = Math.Max(a, b);
        return max + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>A prefix's log-probability split by how its alignments end: in a blank, or in its last symbol.</summary>
    private readonly record struct Mass(double Blank, double NonBlank)
    {
        public double Total => LogAddExp(Blank, NonBlank);
    }

    /// <summary>Prefixes are dictionary keys by their symbols, not by reference.</summary>
    private sealed class PrefixEquality : IEqualityComparer<int[]>
    {
        public static readonly PrefixEquality Instance = new();

        public bool Equals(int[] x, int[] y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] prefix)
        {
            var hash = new HashCode();
            foreach (int symbol in prefix) hash.Add(symbol);
            return hash.ToHashCode();
        }
    }
}
