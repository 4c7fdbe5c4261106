using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Forecasting;
using Xunit;

namespace RecurrentML.Tests.Forecasting;

/// <summary>Windows, labels and their inverse: exact values on a small series, and the argument errors.</summary>
public sealed class SeriesWindowingTests
{
    private static readonly double[] Series = { 1, 2, 4, 8, 16 };

    [Fact]
    public void Relative_rows_hold_each_window_minus_its_last_value_and_the_next_change()
    {
        var rows = new SeriesWindowing(3).CreateRows(Series);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new[] { -3f, -2f, 0f }, rows[0].Features);
        Assert.Equal(4f, rows[0].Label);
        Assert.Equal(new[] { -6f, -4f, 0f }, rows[1].Features);
        Assert.Equal(8f, rows[1].Label);
    }

    [Fact]
    public void Log_relative_rows_hold_log_ratios_to_the_last_value()
    {
        var rows = new SeriesWindowing(3, logTransform: true).CreateRows(Series);
        float ln2 = (float)Math.Log(2);
        var expected = new[] { -2 * ln2, -ln2, 0f };
        for (int k = 0; k < 3; k++) Assert.Equal(expected[k], rows[0].Features[k], 6);
        Assert.Equal(ln2, rows[0].Label, 6);
        Assert.Equal(ln2, rows[1].Label, 6);
    }

    [Fact]
    public void Absolute_rows_hold_the_values_themselves()
    {
        var rows = new SeriesWindowing(3, relativeToLastValue: false).CreateRows(Series);
        Assert.Equal(new[] { 2f, 4f, 8f }, rows[1].Features);
        Assert.Equal(16f, rows[1].Label);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void A_label_maps_back_to_the_value_it_came_from(bool log, bool relative)
    {
        var windowing = new SeriesWindowing(3, log, relative);
        var window = new[] { 315.4, 316.3, 316.5 };
        foreach (double next in new[] { 317.56, 0.01, 1e4 })
            Assert.Equal(next, windowing.ToSeriesValue(window, windowing.ToLabel(window, next)), 9);
        var rows = windowing.CreateRows(Series);
        Assert.Equal(rows[1].Features, windowing.ToFeatures(Series[1..4]));
        Assert.Equal(Series[4], windowing.ToSeriesValue(Series[1..4], rows[1].Label), 5);
    }

    [Fact]
    public void The_data_view_has_features_of_known_size_and_a_single_label()
    {
        var data = new MLContext(seed: 1).Data.LoadFromSeriesWindows(Series, new SeriesWindowing(3));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), data.Schema["Features"].Type);
        Assert.Equal(NumberDataViewType.Single, data.Schema["Label"].Type);
        Assert.Equal(2, data.GetColumn<float>("Label").Count());
    }

    [Fact]
    public void Bad_arguments_are_refused_with_their_name_and_value()
    {
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesWindowing(1));
        Assert.Equal("windowSize", size.ParamName);
        Assert.Contains("windowSize is 1; expected an integer >= 2", size.Message);

        var windowing = new SeriesWindowing(3, logTransform: true);
        var tooShort = Assert.Throws<ArgumentException>(() => windowing.CreateRows(new double[] { 1, 2, 3 }));
        Assert.Contains("The series has 3 values", tooShort.Message);
        Assert.Contains("at least 4", tooShort.Message);

        var notPositive = Assert.Throws<ArgumentException>(() => windowing.CreateRows(new double[] { 1, 2, 0, 4 }));
        Assert.Contains("Value 2 of series is 0; LogTransform needs values > 0", notPositive.Message);

        var notFinite = Assert.Throws<ArgumentException>(() => new SeriesWindowing(3).CreateRows(new[] { 1, double.NaN, 3, 4 }));
        Assert.Contains("Value 1 of series is NaN; expected a finite number", notFinite.Message);

        var wrongWindow = Assert.Throws<ArgumentException>(() => windowing.ToFeatures(new double[] { 1, 2 }));
        Assert.Equal("window", wrongWindow.ParamName);
        Assert.Contains("The window has 2 values; expected 3", wrongWindow.Message);
    }
}
