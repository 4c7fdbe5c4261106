using RecurrentML.Network.RowScoring;
using Xunit;

namespace RecurrentML.Tests.RowScoring;

public class GateMatrixTests
{
    /// <summary>Row counts that reach every loop of the product (512-bit blocks, platform-vector blocks, single
    /// vectors, single values) and their mixtures.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 5)]
    [InlineData(8, 3)]
    [InlineData(36, 12)]
    [InlineData(100, 64)]
    [InlineData(160, 40)]
    [InlineData(517, 129)]
    public void Product_equals_the_double_precision_product(int rows, int columns)
    {
        var random = new Random(rows * 31 + columns);
        float Draw() => (float)(random.NextDouble() * 2 - 1);
        var weight = Enumerable.Range(0, rows * columns).Select(_ => Draw()).ToArray();
        var bias = Enumerable.Range(0, rows).Select(_ => Draw()).ToArray();
        var x = Enumerable.Range(0, columns).Select(_ => Draw()).ToArray();
        var y = new float[rows];
        new GateMatrix(weight, bias, rows, columns).Apply(x, y);
        for (int r = 0; r < rows; r++)
        {
            double expected = bias[r];
            for (int k = 0; k < columns; k++) expected += (double)weight[r * columns + k] * x[k];
            // Float rounding of a sum of `columns` terms of size <= 1.
            Assert.True(Math.Abs(y[r] - expected) <= 1e-6 * (columns + 1), $"row {r}: {y[r]} vs {expected}");
        }
    }

    [Fact]
    public void Wrong_sizes_are_rejected_with_the_sizes()
    {
        var matrix = new GateMatrix(new float[6], new float[3], 3, 2);
        var error = Assert.Throws<ArgumentException>(() => matrix.Apply(new float[3], new float[3]));
        Assert.Contains("input of 2", error.Message);
        Assert.Throws<ArgumentException>(() => new GateMatrix(new float[5], new float[3], 3, 2));
    }
}
