using Microsoft.ML;
using RecurrentML.Forecasting;
using Xunit;

namespace RecurrentML.Tests.Forecasting;

/// <summary>Many series from rows in long form: grouped by id, put in time order, and every gap, repeat or bad value an
/// error that names where it is.</summary>
public class LongFormSeriesTests
{
    private sealed class Row
    {
        public string Store { get; set; } = "";
        public int Month { get; set; }
        public float Sales { get; set; }
    }

    private static IDataView Rows(params (string Store, int Month, float Sales)[] rows) =>
        new MLContext().Data.LoadFromEnumerable(rows.Select(r => new Row { Store = r.Store, Month = r.Month, Sales = r.Sales }));

    [Fact]
    public void Rows_in_any_order_become_each_series_in_time_order()
    {
        var series = LongFormSeries.Read(Rows(("b", 2, 20), ("a", 1, 1), ("b", 1, 10), ("a", 3, 3), ("a", 2, 2), ("b", 3, 30)), "Store", "Month", "Sales");
        Assert.Equal(new[] { "a", "b" }, series.Keys.OrderBy(k => k));
        Assert.Equal(new double[] { 1, 2, 3 }, series["a"]);
        Assert.Equal(new double[] { 10, 20, 30 }, series["b"]);
    }

    [Fact]
    public void Gaps_repeats_bad_values_and_wrong_columns_are_errors_naming_them()
    {
        Assert.Contains("Series 'a' skips from time 1 to 3 (column 'Month')",
            Assert.Throws<InvalidDataException>(() => LongFormSeries.Read(Rows(("a", 1, 1), ("a", 3, 3)), "Store", "Month", "Sales")).Message);
        Assert.Contains("Series 'a' has two rows at time 2 (column 'Month')",
            Assert.Throws<InvalidDataException>(() => LongFormSeries.Read(Rows(("a", 1, 1), ("a", 2, 2), ("a", 2, 5)), "Store", "Month", "Sales")).Message);
        Assert.Contains("Series 'a' has the value NaN at time 2 (column 'Sales')",
            Assert.Throws<InvalidDataException>(() => LongFormSeries.Read(Rows(("a", 1, 1), ("a", 2, float.NaN)), "Store", "Month", "Sales")).Message);
        Assert.Contains("The series id column 'Series' is not in the data",
            Assert.Throws<ArgumentOutOfRangeException>(() => LongFormSeries.Read(Rows(("a", 1, 1)))).Message);
        Assert.Contains("The value column 'Store' is String; expected Single or Double",
            Assert.Throws<ArgumentOutOfRangeException>(() => LongFormSeries.Read(Rows(("a", 1, 1)), "Store", "Month", "Store")).Message);
    }

    [Fact]
    public void A_backtest_reads_what_it_returns()
    {
        var rows = Enumerable.Range(0, 30).SelectMany(t => new[] { ("flat", t, 5f), ("rising", t, (float)t) }).ToArray();
        var series = LongFormSeries.Read(Rows(rows), "Store", "Month", "Sales");
        SeriesForecaster last = (history, horizon) => new IntervalForecast(Enumerable.Repeat(history[^1], horizon).ToArray(),
            Enumerable.Repeat(history[^1] - 1, horizon).ToArray(), Enumerable.Repeat(history[^1] + 1, horizon).ToArray(), 0.95);
        var result = Backtest.Run(series, last, new BacktestOptions { Horizon = 5, Origins = 2 });
        Assert.Equal(0, result.BySeries["flat"].SymmetricMape);
        // The last value of a line rising by 1 errs by 1, 2, ... 5 steps ahead, and MASE's scale is 1.
        Assert.Equal(3, result.BySeries["rising"].Mase, 12);
        Assert.Equal(2, result.BySeries.Count);
    }
}
