using RecurrentML.Network.Heads;
using Xunit;
using static TorchSharp.torch;

namespace RecurrentML.Tests.Transcription;

/// <summary>
/// CTC with class 0 as the blank, against brute force over every alignment (3 classes, up to 5 steps: at most 243
/// alignments). TorchSharp's <c>nn.functional.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
/// zero_infinity, reduction)</c> is pinned as minus the log of the summed probability of the alignments that collapse
/// to the target, and the managed decoders (<see cref="CtcDecoding"/>) on hand-made and random outputs.
/// </summary>
public class CtcTests
{
    private const int Classes = 3;
    private const double RelativeTolerance = 1e-4;

    public static TheoryData<int, string> ReachableTargets() => Cases(reachable: true);

    public static TheoryData<int, string> UnreachableTargets() => Cases(reachable: false);

    [Theory]
    [MemberData(nameof(ReachableTargets))]
    public void Torch_ctc_loss_is_minus_the_log_of_the_summed_probability_of_every_alignment_of_the_target(int steps, string target)
    {
        using var scope = NewDisposeScope();
        var symbols = Symbols(target);
        var logProbabilities = TorchLogSoftmax(RandomLogits(seed: 10 * steps + symbols.Length, steps * Classes), steps, batch: 1);

        var loss = TorchCtcLoss(logProbabilities, [symbols], [steps], nn.Reduction.None);

        Assert.Equal(new long[] { 1 }, loss.shape);
        double probability = BruteForceProbability(logProbabilities.data<float>().ToArray(), symbols);
        AssertClose(-Math.Log(probability), loss.item<float>(), $"T={steps}, target \"{target}\"");
    }

    /// <summary>A target needs one step a symbol plus one blank between equal neighbours ("1 1" needs 3 steps). With
    /// fewer steps no alignment collapses to it: torch returns +inf (not an error, not NaN), and 0 with zero_infinity.</summary>
    [Theory]
    [MemberData(nameof(UnreachableTargets))]
    public void Torch_ctc_loss_is_infinite_when_the_target_needs_more_steps_than_the_input_has(int steps, string target)
    {
        using var scope = NewDisposeScope();
        var symbols = Symbols(target);
        var logProbabilities = TorchLogSoftmax(RandomLogits(seed: 7, steps * Classes), steps, batch: 1);

        var loss = TorchCtcLoss(logProbabilities, [symbols], [steps], nn.Reduction.None);
        var zeroed = TorchCtcLoss(logProbabilities, [symbols], [steps], nn.Reduction.None, zeroInfinity: true);

        Assert.Equal(0.0, BruteForceProbability(logProbabilities.data<float>().ToArray(), symbols));
        Assert.True(float.IsPositiveInfinity(loss.item<float>()), $"T={steps}, target \"{target}\": loss {loss.item<float>()}");
        Assert.Equal(0f, zeroed.item<float>());
    }

    /// <summary>In a time-major batch [T, N, C] each sequence reads only its first input_lengths[n] steps and its first
    /// target_lengths[n] targets: the padding (random scores, and a valid symbol in the targets) changes nothing.
    /// Targets padded into [N, S] and concatenated into one dimension give the same losses. Reduction.None gives one
    /// loss per sequence, Sum their sum, and Mean (the default) divides each by its target length before averaging.</summary>
    [Fact]
    public void Torch_ctc_loss_on_a_padded_batch_reads_each_sequence_to_its_own_lengths()
    {
        using var scope = NewDisposeScope();
        int[] inputLengths = [5, 3, 1, 4];
        int[][] targets = [[1, 2], [1, 1], [2], [2, 1, 2]];
        int steps = inputLengths.Max(), batch = inputLengths.Length;
        var logProbabilities = TorchLogSoftmax(RandomLogits(seed: 3, steps * batch * Classes), steps, batch);
        var values = logProbabilities.data<float>().ToArray();

        var losses = TorchCtcLoss(logProbabilities, targets, inputLengths, nn.Reduction.None).data<float>().ToArray();
        var concatenated = nn.functional.ctc_loss(logProbabilities, tensor(targets.SelectMany(t => t.Select(s => (long)s)).ToArray()),
            tensor(inputLengths.Select(l => (long)l).ToArray()), tensor(targets.Select(t => (long)t.Length).ToArray()),
            blank: 0, reduction: nn.Reduction.None).data<float>().ToArray();
        float sum = TorchCtcLoss(logProbabilities, targets, inputLengths, nn.Reduction.Sum).item<float>();
        float mean = TorchCtcLoss(logProbabilities, targets, inputLengths, nn.Reduction.Mean).item<float>();

        Assert.Equal(batch, losses.Length);
        for (int n = 0; n < batch; n++)
        {
            // Sequence n alone: its first inputLengths[n] steps of column n.
            var alone = Enumerable.Range(0, inputLengths[n]).SelectMany(t => values.Skip((t * batch + n) * Classes).Take(Classes)).ToArray();
            AssertClose(-Math.Log(BruteForceProbability(alone, targets[n])), losses[n], $"sequence {n}");
            AssertClose(losses[n], concatenated[n], $"sequence {n}, concatenated targets");
        }
        AssertClose(losses.Sum(l => (double)l), sum, "Sum");
        AssertClose(Enumerable.Range(0, batch).Average(n => (double)losses[n] / targets[n].Length), mean, "Mean");
    }

    [Fact]
    public void Greedy_merges_repeats_and_drops_blanks()
    {
        // Best classes 0 1 1 0 2 2 0.
        var logProbabilities = LogRows([0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.6, 0.1], [0.5, 0.3, 0.2], [0.1, 0.1, 0.8], [0.2, 0.3, 0.5], [0.9, 0.05, 0.05]);

        Assert.Equal(new[] { 1, 2 }, CtcDecoding.Greedy(logProbabilities, Classes));
    }

    [Fact]
    public void Greedy_keeps_a_repeat_that_a_blank_separates()
    {
        // Best classes 1 0 1 1: two 1s, the last two merged.
        var logProbabilities = LogRows([0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.3, 0.4, 0.3]);

        Assert.Equal(new[] { 1, 1 }, CtcDecoding.Greedy(logProbabilities, Classes));
    }

    [Fact]
    public void Greedy_on_all_blanks_is_empty_and_ties_go_to_the_lower_class()
    {
        var allBlank = LogRows([0.5, 0.3, 0.2], [0.8, 0.1, 0.1], [0.4, 0.3, 0.3]);
        // Blank tied with 1, then 1 tied with 2.
        var tied = LogRows([0.4, 0.4, 0.2], [0.2, 0.4, 0.4]);

        Assert.Empty(CtcDecoding.Greedy(allBlank, Classes));
        Assert.Equal(new[] { 1 }, CtcDecoding.Greedy(tied, Classes));
    }

    /// <summary>Two steps of blank 0.6, symbol 0.4: the best path (blank, blank: 0.36) collapses to nothing, but "1" has
    /// three alignments (1 blank, blank 1, 1 1: 0.24 + 0.24 + 0.16 = 0.64). A beam of one keeps only the empty prefix
    /// after the first step and misses it; a wider beam finds it.</summary>
    [Fact]
    public void Prefix_beam_finds_the_most_probable_labelling_where_the_best_path_does_not()
    {
        var logProbabilities = LogRows([0.6, 0.4], [0.6, 0.4]);

        Assert.Equal(0.36, BruteForceProbability(logProbabilities, [], classes: 2), 6);
        Assert.Equal(0.64, BruteForceProbability(logProbabilities, [1], classes: 2), 6);
        Assert.Empty(CtcDecoding.Greedy(logProbabilities, 2));
        Assert.Empty(CtcDecoding.PrefixBeam(logProbabilities, 2, beamWidth: 1));
        Assert.Equal(new[] { 1 }, CtcDecoding.PrefixBeam(logProbabilities, 2, beamWidth: 2));
        Assert.Equal(new[] { 1 }, CtcDecoding.PrefixBeam(logProbabilities, 2, beamWidth: 100));
    }

    /// <summary>A symbol held over steps is one symbol (three steps of "1" at 0.9: P("1") = 0.981); it is two only when a
    /// blank separates them (1, blank, 1 at 0.9, 0.8, 0.9: P("1 1") = 0.648, P("1") = 0.344). The random cases below do
    /// not catch a search that extends "1" to "1 1" from the mass ending in 1; these do.</summary>
    [Fact]
    public void Prefix_beam_merges_a_held_symbol_and_repeats_it_only_after_a_blank()
    {
        var held = LogRows([0.1, 0.9], [0.1, 0.9], [0.1, 0.9]);
        var separated = LogRows([0.1, 0.9], [0.8, 0.2], [0.1, 0.9]);

        Assert.Equal(new[] { 1 }, CtcDecoding.PrefixBeam(held, 2, beamWidth: 100));
        Assert.Equal(new[] { 1, 1 }, CtcDecoding.PrefixBeam(separated, 2, beamWidth: 100));
    }

    /// <summary>One step, every class 1/3: "", "1" and "2" tie exactly, and the first in ordinal order wins.</summary>
    [Fact]
    public void Prefix_beam_breaks_ties_towards_the_prefix_first_in_ordinal_order()
    {
        var logProbabilities = LogRows([1.0 / 3, 1.0 / 3, 1.0 / 3]);

        Assert.Empty(CtcDecoding.PrefixBeam(logProbabilities, Classes, beamWidth: 10));
    }

    /// <summary>With 2 symbols and at most 5 steps there are at most 63 prefixes, so a beam of 100 prunes nothing and
    /// the search is exact: it returns the labelling whose alignments sum highest.</summary>
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(6, 5)]
    public void Prefix_beam_with_a_wide_beam_returns_the_brute_force_most_probable_labelling(int seed, int steps)
    {
        var logProbabilities = ManagedLogSoftmax(RandomLogits(seed, steps * Classes));
        var ranked = LabellingProbabilities(logProbabilities).OrderByDescending(p => p.Value).ToList();
        // A clear winner, so that float rounding cannot change the answer.
        Assert.True(ranked[0].Value > ranked[1].Value * (1 + 1e-6), $"seed {seed}: the two best labellings tie");

        var decoded = CtcDecoding.PrefixBeam(logProbabilities, Classes, beamWidth: 100);

        Assert.Equal(ranked[0].Key, string.Join(" ", decoded));
    }

    [Fact]
    public void Zero_steps_decode_to_nothing()
    {
        Assert.Empty(CtcDecoding.Greedy([], Classes));
        Assert.Empty(CtcDecoding.PrefixBeam([], Classes, beamWidth: 4));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var oneClass = Assert.Throws<ArgumentOutOfRangeException>(() => CtcDecoding.Greedy(new float[4], 1));
        Assert.Equal("classes", oneClass.ParamName);
        oneClass = Assert.Throws<ArgumentOutOfRangeException>(() => CtcDecoding.PrefixBeam(new float[4], 1, beamWidth: 2));
        Assert.Equal("classes", oneClass.ParamName);

        var ragged = Assert.Throws<ArgumentException>(() => CtcDecoding.Greedy(new float[5], Classes));
        Assert.Equal("logProbabilities", ragged.ParamName);
        Assert.Contains("multiple", ragged.Message);
        ragged = Assert.Throws<ArgumentException>(() => CtcDecoding.PrefixBeam(new float[5], Classes, beamWidth: 2));
        Assert.Equal("logProbabilities", ragged.ParamName);

        var noBeam = Assert.Throws<ArgumentOutOfRangeException>(() => CtcDecoding.PrefixBeam(new float[6], Classes, beamWidth: 0));
        Assert.Equal("beamWidth", noBeam.ParamName);
    }

    /// <summary>Each T from 1 to 5 with targets "", "1", "2 1", "1 1" (needs a blank between) and "2 1 2", split by
    /// whether T reaches the target's minimum length.</summary>
    private static TheoryData<int, string> Cases(bool reachable)
    {
        var data = new TheoryData<int, string>();
        for (int steps = 1; steps <= 5; steps++)
            foreach (var target in new[] { "", "1", "2 1", "1 1", "2 1 2" })
            {
                var symbols = Symbols(target);
                int needed = symbols.Length + symbols.Zip(symbols.Skip(1)).Count(pair => pair.First == pair.Second);
                if (needed <= steps == reachable) data.Add(steps, target);
            }
        return data;
    }

    private static int[] Symbols(string target) => target.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    private static float[] RandomLogits(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((2 * random.NextDouble() - 1) * 3)).ToArray();
    }

    /// <summary>Logits [steps * batch * classes] as a time-major [steps, batch, classes] tensor, log-softmaxed over classes.</summary>
    private static Tensor TorchLogSoftmax(float[] logits, int steps, int batch) =>
        tensor(logits, [steps, batch, Classes]).log_softmax(2);

    /// <summary>ctc_loss with blank 0 and the targets padded into [N, S] (padding 1, a valid symbol).</summary>
    private static Tensor TorchCtcLoss(Tensor logProbabilities, int[][] targets, int[] inputLengths, nn.Reduction reduction, bool zeroInfinity = false)
    {
        int longest = Math.Max(1, targets.Max(t => t.Length));
        var padded = targets.SelectMany(t => t.Select(s => (long)s).Concat(Enumerable.Repeat(1L, longest - t.Length))).ToArray();
        return nn.functional.ctc_loss(logProbabilities, tensor(padded, [targets.Length, longest]),
            tensor(inputLengths.Select(l => (long)l).ToArray()), tensor(targets.Select(t => (long)t.Length).ToArray()),
            blank: 0, zero_infinity: zeroInfinity, reduction: reduction);
    }

    private static float[] ManagedLogSoftmax(float[] logits)
    {
        var result = new float[logits.Length];
        for (int row = 0; row < logits.Length; row += Classes)
        {
            var scores = logits.Skip(row).Take(Classes).Select(v => (double)v).ToArray();
            double logTotal = scores.Max() + Math.Log(scores.Sum(v => Math.Exp(v - scores.Max())));
            for (int c = 0; c < Classes; c++) result[row + c] = (float)(scores[c] - logTotal);
        }
        return result;
    }

    private static float[] LogRows(params double[][] probabilities) => probabilities.SelectMany(row => row.Select(p => (float)Math.Log(p))).ToArray();

    /// <summary>Every one of the classes^steps alignments: class indices, one per step.</summary>
    private static IEnumerable<int[]> Alignments(int steps, int classes)
    {
        int count = (int)Math.Pow(classes, steps);
        for (int index = 0; index < count; index++)
        {
            var alignment = new int[steps];
            for (int t = steps - 1, rest = index; t >= 0; t--, rest /= classes) alignment[t] = rest % classes;
            yield return alignment;
        }
    }

    /// <summary>Repeats merged, then blanks dropped.</summary>
    private static int[] Collapse(int[] alignment) =>
        alignment.Where((c, t) => c != 0 && (t == 0 || alignment[t - 1] != c)).ToArray();

    private static double AlignmentProbability(float[] logProbabilities, int[] alignment, int classes) =>
        Math.Exp(alignment.Select((c, t) => (double)logProbabilities[t * classes + c]).Sum());

    private static double BruteForceProbability(float[] logProbabilities, int[] target, int classes = Classes) =>
        Alignments(logProbabilities.Length / classes, classes)
            .Where(a => Collapse(a).SequenceEqual(target))
            .Sum(a => AlignmentProbability(logProbabilities, a, classes));

    /// <summary>Each labelling ("" for none, else symbols joined by spaces) and its alignments' summed probability.</summary>
    private static Dictionary<string, double> LabellingProbabilities(float[] logProbabilities) =>
        Alignments(logProbabilities.Length / Classes, Classes)
            .GroupBy(a => string.Join(" ", Collapse(a)))
            .ToDictionary(g => g.Key, g => g.Sum(a => AlignmentProbability(logProbabilities, a, Classes)));

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= RelativeTolerance * Math.Abs(expected) + 1e-6,
            $"{what}: expected {expected}, got {actual}");
}
