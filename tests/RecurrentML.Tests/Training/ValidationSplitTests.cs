using RecurrentML.Training;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>Validation rows are held out only when the fraction gives at least the minimum row count.</summary>
public class ValidationSplitTests
{
    [Theory]
    [InlineData(50, 0)]      // 5 rows would be held out: too few, all 50 train
    [InlineData(480, 0)]     // 48 rows: still too few
    [InlineData(500, 50)]
    [InlineData(4000, 400)]
    public void Rows_are_held_out_only_from_the_minimum_up(int rows, int expectedValidation)
    {
        var (train, validation) = ValidationSplit.Choose(Enumerable.Range(0, rows).ToArray(), 0.1, minimumRows: 50, seed: 1);
        Assert.Equal(expectedValidation, validation.Length);
        Assert.Equal(rows - expectedValidation, train.Length);
        Assert.Equal(Enumerable.Range(0, rows), train.Concat(validation).Order());
    }
}
