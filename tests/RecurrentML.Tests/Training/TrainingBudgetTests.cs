using RecurrentML.Training;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>The planned epochs and steps: a floor of steps for small data, the given epochs as given, the step cap.</summary>
public class TrainingBudgetTests
{
    [Fact]
    public void Small_data_gets_enough_epochs_for_the_minimum_steps()
    {
        // GunPoint's 50 rows in batches of 32: 2 steps per epoch, so 10 epochs would be 20 steps.
        var budget = TrainingBudget.Plan(trainingRows: 50, batchSize: 32, maxEpochs: null, minTrainingSteps: 1000, maxTrainingSteps: 5000);
        Assert.Equal(2, budget.StepsPerEpoch);
        Assert.Equal(500, budget.Epochs);
        Assert.Equal(1000, budget.PlannedSteps);
    }

    [Fact]
    public void Data_with_enough_steps_gets_the_default_epochs()
    {
        var budget = TrainingBudget.Plan(trainingRows: 9000, batchSize: 32, maxEpochs: null, minTrainingSteps: 1000, maxTrainingSteps: null);
        Assert.Equal(282, budget.StepsPerEpoch);
        Assert.Equal(TrainingBudget.DefaultEpochs, budget.Epochs);
        Assert.Equal(2820, budget.PlannedSteps);
    }

    [Fact]
    public void The_step_cap_shortens_large_data_and_the_epoch_count_follows()
    {
        // 25,000 rows: 782 steps per epoch; 10 epochs would be 7,820 steps.
        var budget = TrainingBudget.Plan(trainingRows: 25_000, batchSize: 32, maxEpochs: null, minTrainingSteps: 1000, maxTrainingSteps: 5000);
        Assert.Equal(5000, budget.PlannedSteps);
        Assert.Equal(7, budget.Epochs);
    }

    [Fact]
    public void Given_epochs_are_taken_as_given_even_below_the_minimum_steps()
    {
        var budget = TrainingBudget.Plan(trainingRows: 50, batchSize: 32, maxEpochs: 4, minTrainingSteps: 1000, maxTrainingSteps: 5000);
        Assert.Equal(4, budget.Epochs);
        Assert.Equal(8, budget.PlannedSteps);
    }
}
