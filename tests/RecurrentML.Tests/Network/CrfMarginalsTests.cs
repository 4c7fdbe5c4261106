using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Heads;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace RecurrentML.Tests.Network;

/// <summary>The managed CRF marginals against brute force over every tag path (3 tags, up to 5 steps), against torch's
/// gradient of the negative log-likelihood (gradient = marginals − gold one-hot) in float64 on a tagger-sized case (in
/// float32 torch's own rounding over 30 steps reaches 1e-5), and on scores large enough to overflow a naive sum of
/// exponentials.</summary>
public class CrfMarginalsTests
{
    private static (float[] Emissions, float[] Transitions, float[] Start, float[] End) Draw(int seed, int steps, int tags, double bound)
    {
        var random = new Random(seed);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)((2 * random.NextDouble() - 1) * bound)).ToArray();
        return (Values(steps * tags), Values(tags * tags), Values(tags), Values(tags));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    public void Marginals_equal_brute_force_over_every_path(int seed, int steps)
    {
        const int tags = 3;
        var (emissions, transitions, start, end) = Draw(seed, steps, tags, 2);
        var expected = new double[steps * tags];
        double total = 0;
        for (int code = 0; code < (int)Math.Pow(tags, steps); code++)
        {
            var path = new int[steps];
            for (int t = steps - 1, rest = code; t >= 0; t--, rest /= tags) path[t] = rest % tags;
            double score = start[path[0]] + end[path[^1]];
            for (int t = 0; t < steps; t++) score += emissions[t * tags + path[t]] + (t > 0 ? transitions[path[t - 1] * tags + path[t]] : 0);
            double weight = Math.Exp(score);
            total += weight;
            for (int t = 0; t < steps; t++) expected[t * tags + path[t]] += weight;
        }

        var marginals = new float[steps * tags];
        CrfMarginals.Compute(emissions, tags, transitions, start, end, marginals);

        for (int k = 0; k < marginals.Length; k++) Assert.Equal(expected[k] / total, marginals[k], 1e-6);
    }

    [Fact]
    public void Marginals_equal_torch_gradient_of_the_negative_log_likelihood_plus_the_gold_one_hot()
    {
        const int steps = 30, tags = 17;
        var (emissions, transitions, start, end) = Draw(5, steps, tags, 3);
        var gold = Enumerable.Range(0, steps).Select(t => (long)(t * 7 % tags)).ToArray();
        using var scope = NewDisposeScope();
        using var generator = new Generator(1, CPU);
        using var crf = new LinearChainCrf(tags, generator);
        NetworkWeights.Import(crf, new[]
        {
            new NamedWeight("transitions", new long[] { tags, tags }, transitions),
            new NamedWeight("start_transitions", new long[] { tags }, start),
            new NamedWeight("end_transitions", new long[] { tags }, end),
        });
        crf.to(float64);
        var input = tensor(emissions, new long[] { steps, 1, tags }).to(float64).requires_grad_(true);
        crf.NegativeLogLikelihood(input, tensor(gold, new long[] { steps, 1 }), tensor(new long[] { steps })).backward();
        var gradient = input.grad.data<double>().ToArray();

        var marginals = new float[steps * tags];
        CrfMarginals.Compute(emissions, tags, transitions, start, end, marginals);

        for (int t = 0; t < steps; t++)
            for (int j = 0; j < tags; j++)
                Assert.Equal(gradient[t * tags + j] + (gold[t] == j ? 1 : 0), marginals[t * tags + j], 1e-6);
    }

    [Fact]
    public void Large_scores_give_finite_marginals_that_sum_to_one_at_every_step()
    {
        const int steps = 40, tags = 9;
        var (emissions, transitions, start, end) = Draw(6, steps, tags, 5e3);
        var marginals = new float[steps * tags];

        CrfMarginals.Compute(emissions, tags, transitions, start, end, marginals);

        Assert.All(marginals, m => Assert.True(float.IsFinite(m) && m >= 0));
        for (int t = 0; t < steps; t++) Assert.Equal(1, marginals.AsSpan(t * tags, tags).ToArray().Sum(), 1e-5);
    }

    [Fact]
    public void Marginals_of_a_row_other_than_its_emissions_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CrfMarginals.Compute(new float[6], 3, new float[9], new float[3], new float[3], new float[3]));
        Assert.Contains("Marginals hold 3 values; expected one per emission (6)", error.Message);
    }
}
