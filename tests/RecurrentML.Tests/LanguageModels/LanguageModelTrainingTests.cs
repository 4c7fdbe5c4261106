using Microsoft.ML;
using Xunit;

using RecurrentML.Model;
namespace RecurrentML.Tests.LanguageModels;

/// <summary>Training a language model: next-token loss falls, validation perplexity is logged and kept per epoch,
/// and bad input fails with a message naming what is wrong.</summary>
public class LanguageModelTrainingTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm)]
    [InlineData(RecurrentCell.Gru)]
    [InlineData(RecurrentCell.Rnn)]
    public void Validation_perplexity_falls_towards_one_on_text_whose_next_word_is_determined(RecurrentCell cell)
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(LanguageModelTestData.Small(cell))).Fit(data);
        var history = model.LastTransformer.TrainingHistory;

        Assert.All(history, e => Assert.Equal("perplexity", e.MetricName));
        Assert.All(history, e => Assert.Equal(Math.Exp(e.ValidationLoss), e.ValidationMetric, 1e-9));
        // 12 ids (10 words, unknown, end of row): a model that knows nothing has perplexity about 12. After the
        // first word of a row the next is determined; what remains is the row's first word and its length (a row
        // ends after 3 to 8 words), about 2.3 bits of surprise every 6.5 tokens: perplexity near 1.5.
        Assert.True(history[0].TrainingLoss > Math.Log(4), $"first epoch's training loss {history[0].TrainingLoss:F3}");
        double best = history.Min(e => e.ValidationMetric);
        Assert.True(best < 2.2, $"best validation perplexity {best:F3} (epochs: {string.Join(", ", history.Select(e => e.ValidationMetric.ToString("F2")))})");
        Assert.True(history[^1].TrainingLoss < history[0].TrainingLoss / 2, $"training loss {history[0].TrainingLoss:F3} -> {history[^1].TrainingLoss:F3}");
    }

    [Fact]
    public void Evaluate_on_new_text_gives_a_low_perplexity_and_a_high_one_for_shuffled_words()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(LanguageModelTestData.Small())).Fit(data);
        var fresh = model.Transform(mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(200, seed: 9)));
        double perplexity = model.LastTransformer.Evaluate(fresh).Perplexity;
        Assert.InRange(perplexity, 1.0, 2.5);
        // Shuffled words break every rule the model learned.
        var random = new Random(4);
        var shuffled = LanguageModelTestData.Counting(200, seed: 9)
            .Select(r => new TextRow { Text = string.Join(" ", r.Text.Split(' ').OrderBy(_ => random.Next())) }).ToList();
        Assert.True(model.LastTransformer.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(shuffled))).Perplexity > 2 * perplexity);
    }

    [Fact]
    public void Evaluate_counts_the_tokens_and_the_unknown_ones()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(LanguageModelTestData.Small(epochs: 1))).Fit(data);
        // 40 rows of 4 words, 3 of them unknown to the vocabulary: 200 tokens with the ends of rows, 120 unknown.
        var rows = Enumerable.Range(0, 40).Select(_ => new TextRow { Text = "one eleven twelve thirteen" });
        var evaluation = model.LastTransformer.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(rows)));
        Assert.Equal(120, evaluation.UnknownTokens);
        // One stream of 200 ids predicts 199 of them.
        Assert.Equal(199, evaluation.Tokens);
        Assert.Equal(Math.Exp(evaluation.LossPerToken), evaluation.Perplexity, 1e-12);
    }

    [Fact]
    public void A_column_that_is_not_token_keys_is_rejected_naming_the_column_and_the_type()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(50, seed: 1));
        var words = mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Fit(data).Transform(data);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.LanguageModel(LanguageModelTestData.Small()).Fit(words));
        Assert.Contains("'Tokens'", error.Message);
        Assert.Contains("Vector<String>", error.Message);
        Assert.Contains("expected Vector<Key<UInt32>>", error.Message);
    }

    [Fact]
    public void Text_too_short_for_the_batch_is_a_clear_error()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new TextRow { Text = "one two" } });
        var error = Assert.Throws<InvalidOperationException>(() =>
            LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(LanguageModelTestData.Small())).Fit(data));
        Assert.Contains("too short", error.Message);
        Assert.Contains("BatchSize", error.Message);
    }

    [Fact]
    public void Tied_embeddings_need_equal_sizes()
    {
        var options = LanguageModelTestData.Small();
        options.HiddenSize = 32;
        var error = Assert.Throws<ArgumentException>(() => new MLContext().Transforms.LanguageModel(options));
        Assert.Contains("HiddenSize is 32 and EmbeddingSize is 16", error.Message);
        options.TieEmbeddings = false;
        new MLContext().Transforms.LanguageModel(options);
    }
}

/// <summary>The weight list the model format expects is the network's, tied or not.</summary>
public class LanguageModelWeightsTests
{
    [Theory]
    [InlineData(RecurrentCell.Lstm, true, 1)]
    [InlineData(RecurrentCell.Gru, false, 2)]
    [InlineData(RecurrentCell.Rnn, true, 3)]
    public void The_expected_weights_are_the_networks_in_order(RecurrentCell cell, bool tied, int layers)
    {
        var shape = RecurrentML.Model.LanguageModelShape.Create(cell, 20, 8, tied ? 8 : 12, layers, tied, RnnNonlinearity.Tanh);
        using var network = new RecurrentML.Network.LanguageModelNetwork(shape);
        var actual = network.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))).ToList();
        var expected = RecurrentML.Network.NetworkWeights.Expected(shape).Select(w => (w.Name, string.Join(",", w.Shape))).ToList();
        Assert.Equal(expected, actual);
    }
}
