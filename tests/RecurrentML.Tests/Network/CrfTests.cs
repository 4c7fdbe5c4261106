using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Heads;
using RecurrentML.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace RecurrentML.Tests.Network;

/// <summary>The linear-chain CRF against brute force over every tag path (3 tags, up to 4 steps: at most 81 paths), the
/// managed Viterbi against the torch one, padding against its absence, and gradients against a training run.</summary>
public class CrfTests
{
    private const int Tags = 3;
    private const double Tolerance = 1e-5;

    /// <summary>A time-major batch with random scores and weights: emissions [steps, batch, tags], gold tags
    /// [steps, batch], padding (past each row's length) random as well.</summary>
    private sealed record CrfCase(int Steps, int[] Lengths, float[] Emissions, long[] Gold, float[] Transitions, float[] Start, float[] End)
    {
        public int Batch => Lengths.Length;

        public static CrfCase FromSeed(int seed, params int[] lengths)
        {
            var random = new Random(seed);
            int steps = lengths.Max();
            float Draw(double bound) => (float)((2 * random.NextDouble() - 1) * bound);
            return new CrfCase(steps, lengths,
                Enumerable.Range(0, steps * lengths.Length * Tags).Select(_ => Draw(2)).ToArray(),
                Enumerable.Range(0, steps * lengths.Length).Select(_ => (long)random.Next(Tags)).ToArray(),
                Enumerable.Range(0, Tags * Tags).Select(_ => Draw(1.5)).ToArray(),
                Enumerable.Range(0, Tags).Select(_ => Draw(1.5)).ToArray(),
                Enumerable.Range(0, Tags).Select(_ => Draw(1.5)).ToArray());
        }

        public bool IsPadding(int t, int row) => t >= Lengths[row];

        public float Emission(int t, int row, long tag) => Emissions[(t * Batch + row) * Tags + tag];

        public Tensor EmissionTensor() => tensor(Emissions, new long[] { Steps, Batch, Tags });

        public Tensor GoldTensor() => tensor(Gold, new long[] { Steps, Batch });

        public Tensor LengthTensor() => tensor(Lengths.Select(l => (long)l).ToArray());

        public long[] GoldPath(int row) => Enumerable.Range(0, Lengths[row]).Select(t => Gold[t * Batch + row]).ToArray();

        /// <summary>Row <paramref name="row"/>'s valid steps, [length * tags].</summary>
        public float[] RowEmissions(int row) =>
            Enumerable.Range(0, Lengths[row]).SelectMany(t => Emissions.AsSpan((t * Batch + row) * Tags, Tags).ToArray()).ToArray();

        public LinearChainCrf Crf()
        {
            using var generator = new Generator(1, CPU);
            var crf = new LinearChainCrf(Tags, generator);
            NetworkWeights.Import(crf, new[]
            {
                new NamedWeight("transitions", new long[] { Tags, Tags }, Transitions),
                new NamedWeight("start_transitions", new long[] { Tags }, Start),
                new NamedWeight("end_transitions", new long[] { Tags }, End),
            });
            return crf;
        }

        /// <summary>A path's score in double, from the definition.</summary>
        public double Score(int row, long[] path)
        {
            double score = Start[path[0]] + End[path[^1]];
            for (int t = 0; t < path.Length; t++)
            {
                score += Emission(t, row, path[t]);
                if (t > 0) score += Transitions[path[t - 1] * Tags + path[t]];
            }
            return score;
        }

        /// <summary>Every tag path of the row's length, in counting order (the first is all tag 0).</summary>
        public IEnumerable<long[]> AllPaths(int row)
        {
            int length = Lengths[row];
            for (int code = 0; code < (int)Math.Pow(Tags, length); code++)
            {
                var path = new long[length];
                for (int t = length - 1, rest = code; t >= 0; t--, rest /= Tags) path[t] = rest % Tags;
                yield return path;
            }
        }

        public double LogPartition(int row)
        {
            var scores = AllPaths(row).Select(p => Score(row, p)).ToArray();
            double max = scores.Max();
            return max + Math.Log(scores.Sum(s => Math.Exp(s - max)));
        }

        public double MeanNegativeLogLikelihood() =>
            Enumerable.Range(0, Batch).Average(row => LogPartition(row) - Score(row, GoldPath(row)));

        public (long[] Path, double Score) BestPath(int row) =>
            AllPaths(row).Select(p => (p, Score(row, p))).MaxBy(x => x.Item2);

        /// <summary>The same case with every padding emission replaced by a large random value, and every padding tag by
        /// a random one, in range or not.</summary>
        public CrfCase WithRandomPadding(int seed)
        {
            var random = new Random(seed);
            var emissions = (float[])Emissions.Clone();
            var gold = (long[])Gold.Clone();
            for (int t = 0; t < Steps; t++)
                for (int row = 0; row < Batch; row++)
                {
                    if (!IsPadding(t, row)) continue;
                    gold[t * Batch + row] = random.Next(-1, Tags + 1);
                    for (int k = 0; k < Tags; k++) emissions[(t * Batch + row) * Tags + k] = (float)((2 * random.NextDouble() - 1) * 1e4);
                }
            return this with { Emissions = emissions, Gold = gold };
        }
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    private static Parameter ParameterOf(LinearChainCrf crf, string name) => crf.named_parameters().Single(p => p.name == name).parameter;

    [Theory]
    [InlineData(1, new[] { 4, 2, 1 })]
    [InlineData(2, new[] { 1, 3, 2 })]
    [InlineData(3, new[] { 2, 4, 3 })]
    [InlineData(4, new[] { 1, 1, 1 })]
    public void The_negative_log_likelihood_equals_brute_force_over_every_path(int seed, int[] lengths)
    {
        using var scope = NewDisposeScope();
        var crfCase = CrfCase.FromSeed(seed, lengths);
        using var crf = crfCase.Crf();

        float batchNll = crf.NegativeLogLikelihood(crfCase.EmissionTensor(), crfCase.GoldTensor(), crfCase.LengthTensor()).item<float>();

        AssertClose(crfCase.MeanNegativeLogLikelihood(), batchNll, "batch mean");
        for (int row = 0; row < crfCase.Batch; row++)
        {
            // Each row alone, without padding.
            var alone = crfCase with { Steps = lengths[row], Lengths = new[] { lengths[row] }, Emissions = crfCase.RowEmissions(row), Gold = crfCase.GoldPath(row) };
            float rowNll = crf.NegativeLogLikelihood(alone.EmissionTensor(), alone.GoldTensor(), alone.LengthTensor()).item<float>();
            AssertClose(crfCase.LogPartition(row) - crfCase.Score(row, crfCase.GoldPath(row)), rowNll, $"row {row}");
        }
    }

    [Theory]
    [InlineData(1, new[] { 4, 2, 1 })]
    [InlineData(2, new[] { 1, 3, 2 })]
    [InlineData(3, new[] { 2, 4, 3 })]
    [InlineData(4, new[] { 1, 1, 1 })]
    public void Decode_finds_the_brute_force_best_path_and_the_managed_Viterbi_finds_the_same_with_its_score(int seed, int[] lengths)
    {
        using var scope = NewDisposeScope();
        var crfCase = CrfCase.FromSeed(seed, lengths);
        using var crf = crfCase.Crf();
        var weights = crf.Export().ToDictionary(w => w.Name, w => w.Values);

        var decoded = crf.Decode(crfCase.EmissionTensor(), crfCase.LengthTensor());

        Assert.Equal(crfCase.Batch, decoded.Length);
        for (int row = 0; row < crfCase.Batch; row++)
        {
            var (bestPath, bestScore) = crfCase.BestPath(row);
            Assert.Equal(bestPath, decoded[row]);
            var path = new int[lengths[row]];
            float score = CrfViterbi.Decode(crfCase.RowEmissions(row), Tags, weights["crf.transitions"], weights["crf.start_transitions"], weights["crf.end_transitions"], path);
            Assert.Equal(decoded[row], path.Select(t => (long)t).ToArray());
            AssertClose(bestScore, score, $"row {row} best score");
        }
    }

    [Fact]
    public void Both_decoders_break_ties_towards_the_lower_tag()
    {
        using var scope = NewDisposeScope();
        // Tags 1 and 2 score alike everywhere and better than tag 0; all weights 0: every path of 1s and 2s ties.
        var crfCase = new CrfCase(3, new[] { 3, 2 }, Enumerable.Range(0, 3 * 2).SelectMany(_ => new[] { -1f, 0.5f, 0.5f }).ToArray(),
            new long[3 * 2], new float[Tags * Tags], new float[Tags], new float[Tags]);
        using var crf = crfCase.Crf();

        var decoded = crf.Decode(crfCase.EmissionTensor(), crfCase.LengthTensor());

        for (int row = 0; row < crfCase.Batch; row++)
        {
            Assert.Equal(Enumerable.Repeat(1L, crfCase.Lengths[row]), decoded[row]);
            var path = new int[crfCase.Lengths[row]];
            CrfViterbi.Decode(crfCase.RowEmissions(row), Tags, crfCase.Transitions, crfCase.Start, crfCase.End, path);
            Assert.Equal(Enumerable.Repeat(1, crfCase.Lengths[row]), path);
        }
    }

    [Fact]
    public void Padding_changes_neither_the_loss_nor_the_gradients_of_valid_steps_nor_the_paths()
    {
        using var scope = NewDisposeScope();
        var crfCase = CrfCase.FromSeed(5, 4, 1, 2);
        var padded = crfCase.WithRandomPadding(6);

        (float Nll, float[] EmissionGradient, float[] TransitionGradient, long[][] Paths) Run(CrfCase run)
        {
            using var crf = run.Crf();
            var emissions = run.EmissionTensor().requires_grad_(true);
            var nll = crf.NegativeLogLikelihood(emissions, run.GoldTensor(), run.LengthTensor());
            nll.backward();
            return (nll.item<float>(), emissions.grad.data<float>().ToArray(), ParameterOf(crf, "transitions").grad.data<float>().ToArray(),
                crf.Decode(run.EmissionTensor(), run.LengthTensor()));
        }

        var clean = Run(crfCase);
        var noisy = Run(padded);

        AssertClose(clean.Nll, noisy.Nll, "loss");
        for (int i = 0; i < clean.TransitionGradient.Length; i++) AssertClose(clean.TransitionGradient[i], noisy.TransitionGradient[i], $"transition gradient {i}");
        for (int t = 0; t < crfCase.Steps; t++)
            for (int row = 0; row < crfCase.Batch; row++)
                for (int k = 0; k < Tags; k++)
                {
                    int i = (t * crfCase.Batch + row) * Tags + k;
                    if (crfCase.IsPadding(t, row)) Assert.Equal(0f, noisy.EmissionGradient[i]);
                    else AssertClose(clean.EmissionGradient[i], noisy.EmissionGradient[i], $"emission gradient step {t} row {row} tag {k}");
                }
        Assert.Equal(clean.Paths, noisy.Paths);
    }

    [Fact]
    public void Gradients_reach_every_weight_and_Adam_learns_a_separable_tagging()
    {
        using var scope = NewDisposeScope();
        // Each token has its own tag: emissions are a learned [tokens, tags] table looked up by token.
        var random = new Random(7);
        int[] lengths = { 5, 3, 4, 2, 5, 1 };
        int steps = lengths.Max(), batch = lengths.Length;
        var tokens = tensor(Enumerable.Range(0, steps * batch).Select(_ => (long)random.Next(Tags)).ToArray(), new long[] { steps, batch });
        var lengthTensor = tensor(lengths.Select(l => (long)l).ToArray());
        using var generator = new Generator(8, CPU);
        using var crf = new LinearChainCrf(Tags, generator);
        var table = new Parameter(zeros(Tags, Tags));
        Tensor Loss() => crf.NegativeLogLikelihood(table.index_select(0, tokens.flatten()).view(steps, batch, Tags), tokens, lengthTensor);

        var first = Loss();
        first.backward();
        foreach (var (name, parameter) in crf.named_parameters())
        {
            var gradient = parameter.grad.data<float>().ToArray();
            Assert.All(gradient, g => Assert.True(float.IsFinite(g), $"{name} gradient {g}"));
            Assert.Contains(gradient, g => g != 0);
        }

        using var optimizer = new AdamOptimizer(crf.parameters().Append(table), 0.1);
        optimizer.ZeroGrad();
        float before = first.item<float>(), after = before;
        for (int step = 0; step < 30; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = Loss();
            loss.backward();
            optimizer.Step();
            after = loss.item<float>();
        }

        Assert.True(after < before / 4, $"loss {before} → {after}");
        var decoded = crf.Decode(table.index_select(0, tokens.flatten()).view(steps, batch, Tags), lengthTensor);
        var tokenValues = tokens.data<long>().ToArray();
        for (int row = 0; row < batch; row++)
            Assert.Equal(Enumerable.Range(0, lengths[row]).Select(t => tokenValues[t * batch + row]), decoded[row]);
    }

    [Fact]
    public void A_single_step_row_alone_scores_and_decodes()
    {
        using var scope = NewDisposeScope();
        var crfCase = CrfCase.FromSeed(9, 1);
        using var crf = crfCase.Crf();

        float nll = crf.NegativeLogLikelihood(crfCase.EmissionTensor(), crfCase.GoldTensor(), crfCase.LengthTensor()).item<float>();
        var decoded = crf.Decode(crfCase.EmissionTensor(), crfCase.LengthTensor());
        var path = new int[1];
        float score = CrfViterbi.Decode(crfCase.Emissions, Tags, crfCase.Transitions, crfCase.Start, crfCase.End, path);

        AssertClose(crfCase.MeanNegativeLogLikelihood(), nll, "loss");
        var (bestPath, bestScore) = crfCase.BestPath(0);
        Assert.Equal(bestPath, decoded[0]);
        Assert.Equal(bestPath[0], path[0]);
        AssertClose(bestScore, score, "best score");
    }

    [Fact]
    public void The_weights_export_under_crf_names_with_their_shapes()
    {
        var crfCase = CrfCase.FromSeed(10, 2);
        using var crf = crfCase.Crf();

        var weights = crf.Export();

        Assert.Equal(new[] { "crf.transitions", "crf.start_transitions", "crf.end_transitions" }, weights.Select(w => w.Name));
        Assert.Equal(new long[] { Tags, Tags }, weights[0].Shape);
        Assert.Equal(crfCase.Transitions, weights[0].Values);
        Assert.Equal(crfCase.Start, weights[1].Values);
        Assert.Equal(crfCase.End, weights[2].Values);
    }

    [Fact]
    public void The_initial_weights_are_uniform_within_the_bound_and_follow_the_seed()
    {
        float[][] Draw(ulong seed)
        {
            using var generator = new Generator(seed, CPU);
            using var crf = new LinearChainCrf(Tags, generator);
            return crf.Export().Select(w => w.Values).ToArray();
        }

        var first = Draw(3);
        Assert.All(first.SelectMany(v => v), v => Assert.InRange((double)v, -LinearChainCrf.InitBound, LinearChainCrf.InitBound));
        Assert.Equal(first, Draw(3));
        Assert.NotEqual(first, Draw(4));
    }

    [Fact]
    public void Lengths_outside_1_to_steps_and_mismatched_shapes_are_refused()
    {
        using var scope = NewDisposeScope();
        var crfCase = CrfCase.FromSeed(11, 3, 2);
        using var crf = crfCase.Crf();
        var emissions = crfCase.EmissionTensor();

        Assert.Contains("Lengths range from 0 to 3", Assert.Throws<ArgumentOutOfRangeException>(() => crf.Decode(emissions, tensor(new long[] { 3, 0 }))).Message);
        Assert.Contains("Lengths range from 2 to 4", Assert.Throws<ArgumentOutOfRangeException>(() =>
            crf.NegativeLogLikelihood(emissions, crfCase.GoldTensor(), tensor(new long[] { 4, 2 }))).Message);
        Assert.Contains("Tags have shape [3]", Assert.Throws<ArgumentException>(() =>
            crf.NegativeLogLikelihood(emissions, tensor(new long[] { 0, 1, 2 }), crfCase.LengthTensor())).Message);
        Assert.Contains("expected [steps, batch, tags]", Assert.Throws<ArgumentException>(() => crf.Decode(zeros(3, 2, 4), crfCase.LengthTensor())).Message);
        Assert.Contains("expected one per step (3)", Assert.Throws<ArgumentException>(() =>
            CrfViterbi.Decode(crfCase.RowEmissions(0), Tags, crfCase.Transitions, crfCase.Start, crfCase.End, new int[2])).Message);
    }
}
