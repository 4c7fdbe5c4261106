using RecurrentML.Model;
using RecurrentML.Data;
using RecurrentML.Network;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The TorchSharp network computes what the textbook equations say, for every cell, stacked and bidirectional,
/// for every pooling, on a padded batch of rows of different lengths (run padded by forward-only networks, packed by
/// bidirectional ones and the ReLU RNN) and on a batch of rows of one length (no padding).</summary>
public class CellEquationTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm, 1, false, SequencePooling.Last)]
    [InlineData(RecurrentCell.Lstm, 2, true, SequencePooling.Last)]
    [InlineData(RecurrentCell.Lstm, 2, true, SequencePooling.Mean)]
    [InlineData(RecurrentCell.Gru, 1, false, SequencePooling.Last)]
    [InlineData(RecurrentCell.Gru, 2, true, SequencePooling.Max)]
    [InlineData(RecurrentCell.Rnn, 1, false, SequencePooling.Last)]
    [InlineData(RecurrentCell.Rnn, 2, true, SequencePooling.Mean)]
    [InlineData(RecurrentCell.Lstm, 2, true, SequencePooling.Last, true)]
    [InlineData(RecurrentCell.Lstm, 1, false, SequencePooling.Mean, true)]
    [InlineData(RecurrentCell.Gru, 2, true, SequencePooling.Max, true)]
    [InlineData(RecurrentCell.Rnn, 1, true, SequencePooling.Last, true)]
    [InlineData(RecurrentCell.Rnn, 1, false, SequencePooling.Last, false, RnnNonlinearity.Relu)]
    [InlineData(RecurrentCell.Rnn, 2, false, SequencePooling.Max, false, RnnNonlinearity.Relu)]
    [InlineData(RecurrentCell.Rnn, 1, false, SequencePooling.Mean, true, RnnNonlinearity.Relu)]
    [InlineData(RecurrentCell.Lstm, 1, false, SequencePooling.Attention)]
    [InlineData(RecurrentCell.Gru, 2, true, SequencePooling.Attention)]
    [InlineData(RecurrentCell.Rnn, 1, false, SequencePooling.Attention, false, RnnNonlinearity.Relu)]
    [InlineData(RecurrentCell.Lstm, 2, false, SequencePooling.Attention, true)]
    public void Network_matches_the_textbook_equations(RecurrentCell cell, int layers, bool bidirectional, SequencePooling pooling,
        bool equalLengths = false, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh)
    {
        const int features = 3, hidden = 4;
        var shape = new NetworkShape(cell, 0, features, hidden, layers, bidirectional, pooling, nonlinearity);
        using var network = new EncoderNetwork(shape);
        using var generator = new torch.Generator(42, torch.CPU);
        network.Initialize(generator);
        network.eval();
        var weights = NetworkWeights.Export(network).ToDictionary(w => w.Name);

        var random = new Random(5);
        var rows = (equalLengths ? new[] { 6, 6, 6 } : new[] { 5, 1, 3, 7 }).Select(length =>
            Enumerable.Range(0, length).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToList()).ToList();
        var batch = PaddedBatch.FromValues(rows.Count, features, i => rows[i].SelectMany(s => s.Select(v => (float)v)).ToArray());
        var (input, lengths) = BatchTensors.Create(batch, torch.CPU);
        float[] actual, stepWeights;
        using (torch.no_grad())
        {
            var pooled = network.Encode(input, lengths);
            actual = pooled.Encoding.data<float>().ToArray();
            stepWeights = pooled.StepWeights?.data<float>().ToArray();
        }
        Assert.Equal(pooling == SequencePooling.Attention, stepWeights != null);

        for (int row = 0; row < rows.Count; row++)
        {
            var (expected, expectedWeights) = Reference(cell, layers, bidirectional, pooling, nonlinearity == RnnNonlinearity.Tanh, weights, rows[row], features, hidden);
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[row * expected.Length + j]) < 1e-5,
                    $"row {row} unit {j}: textbook {expected[j]:R}, network {actual[row * expected.Length + j]:R}");
            if (stepWeights == null) continue;
            // [rows, steps]: the row's valid steps, then zero on its padding.
            for (int t = 0; t < batch.Steps; t++)
            {
                double weight = t < expectedWeights.Length ? expectedWeights[t] : 0;
                Assert.True(Math.Abs(weight - stepWeights[row * batch.Steps + t]) < 1e-5, $"row {row} step {t}: textbook weight {weight:R}, network {stepWeights[row * batch.Steps + t]:R}");
            }
        }
    }

    /// <summary>
    /// Every hidden size, both ways a dense layer is called: without gradients (scoring) the encoding matches the
    /// equations; with gradients (training) so does the encoding and its gradient with respect to every input value,
    /// against central finite differences of the equations. libtorch's oneDNN LSTM inference kernel gets hidden sizes
    /// 1-16, 33 and 100 wrong on some AVX-512 CPUs (PLATFORM.md section 8); these cases fail there without the kernel
    /// guard.
    /// </summary>
    [Theory]
    [InlineData(RecurrentCell.Lstm, 1)]
    [InlineData(RecurrentCell.Lstm, 7)]
    [InlineData(RecurrentCell.Lstm, 16)]
    [InlineData(RecurrentCell.Lstm, 33)]
    [InlineData(RecurrentCell.Lstm, 64)]
    [InlineData(RecurrentCell.Lstm, 100)]
    [InlineData(RecurrentCell.Lstm, 128)]
    [InlineData(RecurrentCell.Gru, 16)]
    [InlineData(RecurrentCell.Gru, 100)]
    [InlineData(RecurrentCell.Rnn, 16)]
    [InlineData(RecurrentCell.Rnn, 100)]
    public void Dense_layers_match_the_equations_and_their_gradients_at_every_hidden_size(RecurrentCell cell, int hidden)
    {
        const int features = 3;
        var shape = new NetworkShape(cell, 0, features, hidden, 1, false, SequencePooling.Last, RnnNonlinearity.Tanh);
        using var network = new EncoderNetwork(shape);
        using var generator = new torch.Generator(11, torch.CPU);
        network.Initialize(generator);
        var weights = NetworkWeights.Export(network).ToDictionary(w => w.Name);
        var direction = Direction(weights, 0, "l0", features, hidden);

        var random = new Random(hidden);
        var rows = new[] { 6, 4, 6 }.Select(length =>
            Enumerable.Range(0, length).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToList()).ToList();
        var projection = Enumerable.Range(0, hidden).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double Objective(List<double[]> steps) => TextbookCell.Run(cell, direction, steps)[^1].Zip(projection, (h, r) => h * r).Sum();

        var batch = PaddedBatch.FromValues(rows.Count, features, i => rows[i].SelectMany(s => s.Select(v => (float)v)).ToArray());
        var (input, lengths) = BatchTensors.Create(batch, torch.CPU);
        float[] scored;
        network.eval();
        using (torch.no_grad()) scored = network.call(input, lengths).data<float>().ToArray();
        network.train();
        input.requires_grad_(true);
        var trained = network.call(input, lengths);
        trained.mul(torch.tensor(projection.Select(v => (float)v).ToArray())).sum().backward();
        var encodings = trained.detach().data<float>().ToArray();
        var gradients = input.grad.data<float>().ToArray();

        for (int row = 0; row < rows.Count; row++)
        {
            var expected = TextbookCell.Run(cell, direction, rows[row])[^1];
            for (int j = 0; j < hidden; j++)
            {
                Assert.True(Math.Abs(expected[j] - scored[row * hidden + j]) < 1e-5, $"scoring, row {row} unit {j}: textbook {expected[j]:R}, network {scored[row * hidden + j]:R}");
                Assert.True(Math.Abs(expected[j] - encodings[row * hidden + j]) < 1e-5, $"training, row {row} unit {j}: textbook {expected[j]:R}, network {encodings[row * hidden + j]:R}");
            }
            for (int t = 0; t < rows[row].Count; t++)
                for (int f = 0; f < features; f++)
                {
                    const double step = 1e-5;
                    var steps = rows[row].Select(s => (double[])s.Clone()).ToList();
                    steps[t][f] += step;
                    double up = Objective(steps);
                    steps[t][f] -= 2 * step;
                    double slope = (up - Objective(steps)) / (2 * step);
                    // The batch is padded to 6 steps; row 1's gradient sits in its first 4.
                    float actual = gradients[(row * 6 + t) * features + f];
                    Assert.True(Math.Abs(slope - actual) < 1e-5, $"gradient, row {row} step {t} feature {f}: textbook {slope:R}, network {actual:R}");
                }
        }
    }

    /// <summary>The pooled encoding and, for attention, the step weights.</summary>
    private static (double[] Encoding, double[] StepWeights) Reference(RecurrentCell cell, int layers, bool bidirectional, SequencePooling pooling, bool tanh,
        Dictionary<string, NamedWeight> weights, List<double[]> steps, int features, int hidden)
    {
        var input = steps;
        double[][] forward = null, backward = null;
        for (int layer = 0; layer < layers; layer++)
        {
            int inputSize = layer == 0 ? features : hidden * (bidirectional ? 2 : 1);
            forward = TextbookCell.Run(cell, Direction(weights, layer, "l0", inputSize, hidden), input, tanh);
            if (bidirectional)
            {
                var reversed = input.AsEnumerable().Reverse().ToList();
                backward = TextbookCell.Run(cell, Direction(weights, layer, "l0_reverse", inputSize, hidden), reversed, tanh).Reverse().ToArray();
                input = forward.Zip(backward, (f, b) => f.Concat(b).ToArray()).ToList();
            }
            else input = forward.ToList();
        }
        return pooling switch
        {
            SequencePooling.Last => (bidirectional ? forward[^1].Concat(backward[0]).ToArray() : forward[^1], null),
            SequencePooling.Mean => (Enumerable.Range(0, input[0].Length).Select(j => input.Average(s => s[j])).ToArray(), null),
            SequencePooling.Max => (Enumerable.Range(0, input[0].Length).Select(j => input.Max(s => s[j])).ToArray(), null),
            _ => Attention(weights, input),
        };
    }

    /// <summary>score_t = v · tanh(W h_t + b); weights = softmax over the steps; encoding = Σ_t weight_t h_t.</summary>
    private static (double[] Encoding, double[] StepWeights) Attention(Dictionary<string, NamedWeight> weights, List<double[]> outputs)
    {
        var w = weights["pooling.projection.weight"].Values;
        var b = weights["pooling.projection.bias"].Values;
        var v = weights["pooling.context"].Values;
        int size = outputs[0].Length;
        var scores = outputs.Select(h => Enumerable.Range(0, size)
            .Sum(a => v[a] * Math.Tanh(b[a] + Enumerable.Range(0, size).Sum(e => w[a * size + e] * h[e])))).ToArray();
        double top = scores.Max();
        var exp = scores.Select(x => Math.Exp(x - top)).ToArray();
        var stepWeights = exp.Select(x => x / exp.Sum()).ToArray();
        var encoding = Enumerable.Range(0, size).Select(j => outputs.Select((h, t) => stepWeights[t] * h[j]).Sum()).ToArray();
        return (encoding, stepWeights);
    }

    private static TextbookCell.Weights Direction(Dictionary<string, NamedWeight> weights, int layer, string suffix, int inputSize, int hidden) =>
        new(weights[$"layers.{layer}.weight_ih_{suffix}"].Values, weights[$"layers.{layer}.weight_hh_{suffix}"].Values,
            weights[$"layers.{layer}.bias_ih_{suffix}"].Values, weights[$"layers.{layer}.bias_hh_{suffix}"].Values, inputSize, hidden);
}
