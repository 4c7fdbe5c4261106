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
        float[] actual;
        using (torch.no_grad()) actual = network.call(input, lengths).data<float>().ToArray();

        for (int row = 0; row < rows.Count; row++)
        {
            var expected = Reference(cell, layers, bidirectional, pooling, nonlinearity == RnnNonlinearity.Tanh, weights, rows[row], features, hidden);
            for (int j = 0; j < expected.Length; j++)
                Assert.True(Math.Abs(expected[j] - actual[row * expected.Length + j]) < 1e-5,
                    $"row {row} unit {j}: textbook {expected[j]:R}, network {actual[row * expected.Length + j]:R}");
        }
    }

    private static double[] Reference(RecurrentCell cell, int layers, bool bidirectional, SequencePooling pooling, bool tanh,
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
            SequencePooling.Last => bidirectional ? forward[^1].Concat(backward[0]).ToArray() : forward[^1],
            SequencePooling.Mean => Enumerable.Range(0, input[0].Length).Select(j => input.Average(s => s[j])).ToArray(),
            _ => Enumerable.Range(0, input[0].Length).Select(j => input.Max(s => s[j])).ToArray(),
        };
    }

    private static TextbookCell.Weights Direction(Dictionary<string, NamedWeight> weights, int layer, string suffix, int inputSize, int hidden) =>
        new(weights[$"layers.{layer}.weight_ih_{suffix}"].Values, weights[$"layers.{layer}.weight_hh_{suffix}"].Values,
            weights[$"layers.{layer}.bias_ih_{suffix}"].Values, weights[$"layers.{layer}.bias_hh_{suffix}"].Values, inputSize, hidden);
}
