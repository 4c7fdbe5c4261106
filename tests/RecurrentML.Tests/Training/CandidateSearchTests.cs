using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>SelectRecurrentEncoder: every candidate cross-validated and tabled, the best kept, the budget obeyed,
/// bad arguments named.</summary>
public class CandidateSearchTests
{
    private static RecurrentEncoderOptions Options()
    {
        var options = RecurrentEncoderOptions.Create(RecurrentCell.Lstm);
        options.InputColumnName = "Tokens";
        options.HiddenSize = 12;
        options.EmbeddingSize = 8;
        options.MinTrainingSteps = 300;
        options.LearningRate = 1e-2;
        options.Seed = 2;
        return options;
    }

    private static IDataView WordOrder(MLContext mlContext, int rows)
    {
        var data = mlContext.Data.LoadFromEnumerable(TestData.Negation(rows, seed: 1));
        return TestData.Tokens(mlContext).Fit(data).Transform(data);
    }

    [Fact]
    public void Every_candidate_is_cross_validated_and_the_best_is_trained()
    {
        var mlContext = new MLContext(seed: 1);
        var estimator = mlContext.Transforms.SelectRecurrentEncoder(Options(), new[] { RecurrentCell.Gru, RecurrentCell.Rnn },
            new[] { SequencePooling.Last, SequencePooling.Max });
        using var encoder = estimator.Fit(WordOrder(mlContext, 300));

        Assert.Equal(new[] { (RecurrentCell.Gru, SequencePooling.Last), (RecurrentCell.Gru, SequencePooling.Max), (RecurrentCell.Rnn, SequencePooling.Last),
            (RecurrentCell.Rnn, SequencePooling.Max) }, encoder.Candidates.Select(c => (c.Cell, c.Pooling)));
        Assert.All(encoder.Candidates, c => Assert.Equal(3, c.FoldMetrics.Count));
        var best = encoder.Candidates.OrderByDescending(c => c.MeanMetric).ThenBy(c => c.MeanLoss).First();
        Assert.Equal((best.Cell, best.Pooling), (encoder.Cell, encoder.Pooling));
        Assert.All(encoder.Candidates, c => Assert.All(c.FoldMetrics, m => Assert.InRange(m, 0, 1)));
        Assert.Equal(encoder.Candidates.Select(c => c.FoldMetrics.Average()), encoder.Candidates.Select(c => c.MeanMetric));
    }

    [Fact]
    public void A_time_budget_smaller_than_one_candidate_tries_only_the_first()
    {
        var mlContext = new MLContext(seed: 1);
        var estimator = mlContext.Transforms.SelectRecurrentEncoder(Options(), new[] { RecurrentCell.Rnn, RecurrentCell.Gru },
            new[] { SequencePooling.Last }, folds: 2, timeBudget: TimeSpan.FromMilliseconds(1));
        using var encoder = estimator.Fit(WordOrder(mlContext, 120));
        Assert.Equal(RecurrentCell.Rnn, Assert.Single(encoder.Candidates).Cell);
        Assert.Equal(RecurrentCell.Rnn, encoder.Cell);
    }

    [Fact]
    public void Bad_search_arguments_are_rejected_naming_them()
    {
        var transforms = new MLContext().Transforms;
        Assert.Contains("folds", Assert.Throws<ArgumentOutOfRangeException>(() => transforms.SelectRecurrentEncoder(Options(), folds: 1)).Message);
        Assert.Contains("cells", Assert.Throws<ArgumentOutOfRangeException>(() => transforms.SelectRecurrentEncoder(Options(), cells: Array.Empty<RecurrentCell>())).Message);
        Assert.Contains("poolings", Assert.Throws<ArgumentOutOfRangeException>(() => transforms.SelectRecurrentEncoder(Options(), poolings: new[] { (SequencePooling)9 })).Message);
        Assert.Contains("timeBudget", Assert.Throws<ArgumentOutOfRangeException>(() => transforms.SelectRecurrentEncoder(Options(), timeBudget: TimeSpan.Zero)).Message);
    }
}
