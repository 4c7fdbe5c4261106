using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// The product's central claim, kept by a test: with samples/LongMemory's budget (3,000 rows x 8 epochs, hidden 64,
/// learning rate 1e-2), LSTM and GRU recall the first of 50 tokens while a plain RNN falls far short. The RNN's
/// recall is chaotic: seeds 1, 2 and 3 gave 0.582, 0.155 and 0.381 on an AVX-512 CPU, and float rounding alone moves
/// a seed's result (the README's "Why gates matter" reports 0.305 and 0.373 for two runs at this length), while LSTM and
/// GRU gave 1.000 on every seed. So the test asserts what holds
/// under any rounding: each gated cell above 0.9 on two seeds, and the RNN's mean over three seeds at least 0.3 below
/// the worst of them.
/// </summary>
public class LongMemoryTests
{
    private const int Length = 50, Vocabulary = 10;

    private sealed class RecallRow
    {
        public uint[] Tokens { get; set; }
        public uint Label { get; set; }
    }

    private static List<RecallRow> Recall(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, Length).Select(_ => (uint)random.Next(1, Vocabulary + 1)).ToArray();
            return new RecallRow { Tokens = tokens, Label = tokens[0] };
        }).ToList();
    }

    private static double RecallAccuracy(RecurrentCell cell, int seed)
    {
        var mlContext = new MLContext(seed: 1);
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label").Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
            .Fit(mlContext.Data.LoadFromEnumerable(Recall(3000, seed: 1)));
        var train = keys.Transform(mlContext.Data.LoadFromEnumerable(Recall(3000, seed: 1)));
        var test = keys.Transform(mlContext.Data.LoadFromEnumerable(Recall(1000, seed: 2)));
        var encoder = EncoderPipelineTests.Encoder(mlContext, cell, o =>
        {
            o.EmbeddingSize = 16;
            o.HiddenSize = 64;
            o.BatchSize = 64;
            o.LearningRate = 1e-2;
            o.MaxEpochs = 8;
            o.MaxSequenceLength = Length;
            o.Dropout = 0;
            o.ValidationFraction = 0;
            o.Pooling = SequencePooling.Last;
            o.Seed = seed;
        });
        var model = encoder.AppendCacheCheckpoint(mlContext)
            .Append(mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Features"))
            .Fit(train);
        return mlContext.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
    }

    [Fact]
    public void Lstm_and_Gru_recall_the_first_of_50_tokens_where_a_plain_Rnn_does_not()
    {
        var gated = new[] { RecurrentCell.Lstm, RecurrentCell.Gru }.SelectMany(cell => new[] { 1, 2 }.Select(seed => (cell, seed, RecallAccuracy(cell, seed: seed)))).ToList();
        var rnn = new[] { 1, 2, 3 }.Select(seed => RecallAccuracy(RecurrentCell.Rnn, seed: seed)).ToList();
        string found = $"recall accuracy at length {Length}: {string.Join(", ", gated.Select(g => $"{g.cell} seed {g.seed} {g.Item3:F3}"))}; " +
            $"RNN seeds 1-3 {string.Join(", ", rnn.Select(a => a.ToString("F3")))}";
        double worstGated = gated.Min(g => g.Item3);
        Assert.True(worstGated >= 0.9, found);
        Assert.True(rnn.Average() <= worstGated - 0.3, found);
    }
}
