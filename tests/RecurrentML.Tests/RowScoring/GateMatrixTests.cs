using RecurrentML.Network.RowScoring;
using Xunit;

namespace RecurrentML.Tests.RowScoring;

public class GateMatrixTests
{
    // Row counts that reach every loop of the product (whole panels, single vectors after them, single values) and
    // their mixtures.
    public static IEnumerable<object[]> Sizes() =>
        from size in new[] { (1, 1), (7, 5), (8, 3), (36, 12), (100, 64), (160, 40), (517, 129) }
        from wide in new[] { false, true }
        select new object[] { size.Item1, size.Item2, wide };

    /// <summary>Both panel widths run here whatever the CPU: 512-bit vectors are emulated where it has none.</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Product_equals_the_double_precision_product(int rows, int columns, bool wide)
    {
        var random = new Random(rows * 31 + columns);
        float Draw() => (float)(random.NextDouble() * 2 - 1);
        var weight = Enumerable.Range(0, rows * columns).Select(_ => Draw()).ToArray();
        var bias = Enumerable.Range(0, rows).Select(_ => Draw()).ToArray();
        var x = Enumerable.Range(0, columns).Select(_ => Draw()).ToArray();
        var y = new float[rows];
        new GateMatrix(weight, bias, rows, columns, wide).Apply(x, y);
        for (int r = 0; r < rows; r++)
        {
            double expected = bias[r];
            for (int k = 0; k < columns; k++) expected += (double)weight[r * columns + k] * x[k];
            // Float rounding of a sum of `columns` terms of size <= 1.
            Assert.True(Math.Abs(y[r] - expected) <= 1e-6 * (columns + 1), $"row {r}: {y[r]} vs {expected}");
        }
        // The other panel width adds the same terms in the same order: the same floats.
        var other = new float[rows];
        new GateMatrix(weight, bias, rows, columns, !wide).Apply(x, other);
        Assert.Equal(y, other);
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
