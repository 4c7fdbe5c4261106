using RecurrentML.Training;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>How epochs are judged: by the metric (higher accuracy or lower error), the loss breaking ties, or by the
/// loss alone; and when patience runs out.</summary>
public class EarlyStoppingTests
{
    [Fact]
    public void By_metric_a_higher_accuracy_wins_even_with_a_higher_loss()
    {
        // The case seen on UCI sentences: validation loss best at epoch 4, accuracy best at epoch 7.
        var stopping = new EarlyStopping(EarlyStoppingCriterion.ValidationMetric, higherMetricIsBetter: true, patience: 3);
        Assert.True(stopping.Offer(1, loss: 0.60, metric: 0.62));
        Assert.True(stopping.Offer(2, loss: 0.55, metric: 0.66));
        Assert.False(stopping.Offer(3, loss: 0.58, metric: 0.64));
        Assert.True(stopping.Offer(4, loss: 0.62, metric: 0.72));
        Assert.Equal(4, stopping.BestEpoch);
    }

    [Fact]
    public void By_metric_equal_accuracy_is_decided_by_the_loss()
    {
        var stopping = new EarlyStopping(EarlyStoppingCriterion.ValidationMetric, higherMetricIsBetter: true, patience: 3);
        stopping.Offer(1, loss: 0.69, metric: 0.5);
        Assert.True(stopping.Offer(2, loss: 0.68, metric: 0.5), "a plateau of accuracy whose loss still falls is progress");
        Assert.False(stopping.Offer(3, loss: 0.70, metric: 0.5));
        Assert.Equal(2, stopping.BestEpoch);
    }

    [Fact]
    public void For_an_error_metric_lower_is_better()
    {
        var stopping = new EarlyStopping(EarlyStoppingCriterion.ValidationMetric, higherMetricIsBetter: false, patience: 3);
        stopping.Offer(1, loss: 1.0, metric: 0.8);
        Assert.True(stopping.Offer(2, loss: 1.1, metric: 0.7));
        Assert.False(stopping.Offer(3, loss: 0.9, metric: 0.75));
    }

    [Fact]
    public void By_loss_only_the_loss_counts()
    {
        var stopping = new EarlyStopping(EarlyStoppingCriterion.ValidationLoss, higherMetricIsBetter: true, patience: 3);
        stopping.Offer(1, loss: 0.60, metric: 0.62);
        Assert.False(stopping.Offer(2, loss: 0.61, metric: 0.90));
        Assert.True(stopping.Offer(3, loss: 0.59, metric: 0.50));
    }

    [Fact]
    public void Training_stops_once_the_best_epoch_is_patience_epochs_old()
    {
        var stopping = new EarlyStopping(EarlyStoppingCriterion.ValidationMetric, higherMetricIsBetter: true, patience: 2);
        stopping.Offer(1, loss: 0.5, metric: 0.8);
        stopping.Offer(2, loss: 0.6, metric: 0.7);
        Assert.False(stopping.ShouldStop(2));
        stopping.Offer(3, loss: 0.6, metric: 0.7);
        Assert.True(stopping.ShouldStop(3));
    }
}
