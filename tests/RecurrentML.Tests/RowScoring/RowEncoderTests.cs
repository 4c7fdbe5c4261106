using RecurrentML.Model;
using RecurrentML.Data;
using RecurrentML.Network;
using RecurrentML.Network.RowScoring;
using RecurrentML.Persistence;
using RecurrentML.Training;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests.RowScoring;

/// <summary>The managed single-row scorer computes the torch network's function: every cell, pooling, direction,
/// depth and input kind, rows of several lengths (one step, empty, long) scored in one padded torch batch.</summary>
public class RowEncoderTests
{
    private const float Tolerance = 1e-5f;

    public static IEnumerable<object[]> Shapes()
    {
        foreach (var cell in new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn })
            foreach (var pooling in Enum.GetValues<SequencePooling>())
                foreach (bool bidirectional in new[] { false, true })
                    foreach (int layers in new[] { 1, 2 })
                        foreach (bool tokens in new[] { true, false })
                            yield return new object[] { cell, pooling, bidirectional, layers, tokens };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Managed_row_scoring_equals_the_torch_network(RecurrentCell cell, SequencePooling pooling, bool bidirectional, int layers, bool tokens)
    {
        foreach (var nonlinearity in cell == RecurrentCell.Rnn ? new[] { RnnNonlinearity.Tanh, RnnNonlinearity.Relu } : new[] { RnnNonlinearity.Tanh })
        {
            const int vocabulary = 30, features = 3, hidden = 12;
            var shape = new NetworkShape(cell, tokens ? vocabulary + 1 : 0, tokens ? 5 : features, hidden, layers, bidirectional, pooling, nonlinearity);
            var model = RandomModel(shape, seed: 7 + layers);
            var random = new Random(3);
            int[] lengths = { 1, 0, 9, 40, 17 };
            var rowTokens = lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(0, vocabulary + 1)).ToArray()).ToArray();
            var rowValues = lengths.Select(n => Enumerable.Range(0, n * features).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray()).ToArray();
            var batch = tokens
                ? PaddedBatch.FromTokens(lengths.Length, i => rowTokens[i])
                : PaddedBatch.FromValues(lengths.Length, features, i => rowValues[i]);
            var (expected, expectedWeights) = TorchEncodings(model, batch);

            var rows = new RowEncoder(model);
            for (int r = 0; r < lengths.Length; r++)
            {
                var encoding = new float[shape.EncodingSize];
                var weights = new float[Math.Max(1, lengths[r])];
                if (tokens) rows.EncodeTokens(rowTokens[r], encoding, pooling == SequencePooling.Attention ? weights : default);
                else rows.EncodeValues(rowValues[r], encoding, pooling == SequencePooling.Attention ? weights : default);
                for (int i = 0; i < encoding.Length; i++)
                    Assert.True(Math.Abs(encoding[i] - expected[r * shape.EncodingSize + i]) <= Tolerance,
                        $"{nonlinearity} row {r} (length {lengths[r]}) value {i}: managed {encoding[i]}, torch {expected[r * shape.EncodingSize + i]}");
                if (expectedWeights == null) continue;
                for (int t = 0; t < weights.Length; t++)
                    Assert.True(Math.Abs(weights[t] - expectedWeights[r * batch.Steps + t]) <= Tolerance, $"row {r} step weight {t}");
            }
        }
    }

    [Fact]
    public void Concurrent_callers_get_the_single_threaded_encodings()
    {
        var shape = new NetworkShape(RecurrentCell.Lstm, 51, 8, 16, 1, false, SequencePooling.Mean, RnnNonlinearity.Tanh);
        var rows = new RowEncoder(RandomModel(shape, seed: 5));
        var random = new Random(9);
        var inputs = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(0, 51)).ToArray()).ToArray();
        float[][] Score() => inputs.Select(tokens =>
        {
            var encoding = new float[shape.EncodingSize];
            rows.EncodeTokens(tokens, encoding);
            return encoding;
        }).ToArray();
        // Fresh encoder each side: the token cache is filled concurrently on one side, sequentially on the other.
        var concurrentRows = new RowEncoder(RandomModel(shape, seed: 5));
        var expected = Score();
        var results = new float[8][][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            results[thread] = inputs.Select(tokens =>
            {
                var encoding = new float[shape.EncodingSize];
                concurrentRows.EncodeTokens(tokens, encoding);
                return encoding;
            }).ToArray();
        });
        foreach (var result in results)
            for (int i = 0; i < inputs.Length; i++) Assert.Equal(expected[i], result[i]);
    }

    internal static EncoderModel RandomModel(NetworkShape shape, int seed)
    {
        using var network = new EncoderNetwork(shape);
        using var generator = new torch.Generator((ulong)seed, torch.CPU);
        network.Initialize(generator, GateInitialization.Uniform);
        var format = shape.UsesEmbedding
            ? new SequenceFormat(SequenceKind.Tokens, shape.EmbeddingRows - 1, 1, 1000, TruncationSide.End)
            : new SequenceFormat(SequenceKind.Floats, 0, shape.InputSize, 1000, TruncationSide.End);
        return new EncoderModel(format, shape, Array.Empty<EpochReport>(), NetworkWeights.Export(network), null);
    }

    private static (float[] Encodings, float[] StepWeights) TorchEncodings(EncoderModel model, PaddedBatch batch)
    {
        using var encoder = BatchEncoder.Create(model, torch.CPU);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (input, lengths) = BatchTensors.Create(batch, torch.CPU);
        var pooled = encoder.Network.Encode(input, lengths);
        return (pooled.Encoding.data<float>().ToArray(), pooled.StepWeights?.data<float>().ToArray());
    }
}
