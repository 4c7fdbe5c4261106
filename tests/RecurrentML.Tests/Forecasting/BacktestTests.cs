using RecurrentML.Forecasting;
using Xunit;

namespace RecurrentML.Tests.Forecasting;

/// <summary>The rolling-origin backtest: its windows (which values each forecast sees and is scored on), its measures
/// against values worked out by hand, and its errors.</summary>
public class BacktestTests
{
    /// <summary>Forecasts the last value, with the interval given around it.</summary>
    private static SeriesForecaster Naive(double below, double above) => (history, horizon) =>
    {
        double last = history[^1];
        return new IntervalForecast(Enumerable.Repeat(last, horizon).ToArray(), Enumerable.Repeat(last - below, horizon).ToArray(),
            Enumerable.Repeat(last + above, horizon).ToArray(), 0.95);
    };

    [Fact]
    public void The_measures_are_the_M4_definitions_worked_by_hand()
    {
        // History 10, 12, 11, 13; the next two values 12 and 14; the forecast 13 twice, interval [11.5, 13.5].
        var result = Backtest.Run(new double[] { 10, 12, 11, 13, 12, 14 }, Naive(1.5, 0.5), new BacktestOptions { Horizon = 2, Origins = 1 });
        // sMAPE: 200·1/(12+13) = 8 and 200·1/(14+13) = 7.407..., mean 7.7037.
        Assert.Equal((8 + 200.0 / 27) / 2, result.Overall.SymmetricMape, 9);
        // MASE: scale = mean(|12−10|, |11−12|, |13−11|) = 5/3; errors 1 and 1 → 0.6.
        Assert.Equal(0.6, result.Overall.Mase, 9);
        Assert.Equal(1, result.Overall.Rmse, 9);
        // 12 lies in [11.5, 13.5], 14 does not.
        Assert.Equal(0.5, result.Overall.Coverage, 9);
        Assert.Equal(2, result.Overall.Points);
        Assert.Equal(8, result.ByHorizonStep[0].SymmetricMape, 9);
        Assert.Equal(1, result.ByHorizonStep[0].Coverage);
        Assert.Equal(0, result.ByHorizonStep[1].Coverage);
    }

    [Fact]
    public void Each_forecast_sees_only_the_values_before_its_origin_and_is_scored_on_the_values_after()
    {
        var series = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var histories = new List<double[]>();
        SeriesForecaster recording = (history, horizon) =>
        {
            histories.Add(history.ToArray());
            // The next values of 0, 1, 2, ...: exact, so every measure is 0 and the interval holds every value.
            var next = Enumerable.Range(history.Count, horizon).Select(i => (double)i).ToArray();
            return new IntervalForecast(next, next, next, 0.9);
        };
        var result = Backtest.Run(series, recording, new BacktestOptions { Horizon = 2, Origins = 3 });

        // Origins 4, 6 and 8, oldest first: windows 4-5, 6-7, 8-9.
        Assert.Equal(new[] { 4, 6, 8 }, histories.Select(h => h.Length));
        Assert.All(histories, h => Assert.Equal(Enumerable.Range(0, h.Length).Select(i => (double)i), h));
        Assert.Equal(3, result.Windows);
        Assert.Equal(0, result.SkippedWindows);
        Assert.Equal(6, result.Overall.Points);
        Assert.Equal(0, result.Overall.SymmetricMape);
        Assert.Equal(1, result.Overall.Coverage);

        // Overlapping windows one step apart: origins 6, 7, 8.
        histories.Clear();
        Backtest.Run(series, recording, new BacktestOptions { Horizon = 2, Origins = 3, OriginStep = 1 });
        Assert.Equal(new[] { 6, 7, 8 }, histories.Select(h => h.Length));

        // A history shorter than asked for skips the window and counts it.
        histories.Clear();
        var skipping = Backtest.Run(series, recording, new BacktestOptions { Horizon = 2, Origins = 3, MinimumHistory = 6 });
        Assert.Equal(new[] { 6, 8 }, histories.Select(h => h.Length));
        Assert.Equal((2, 1), (skipping.Windows, skipping.SkippedWindows));
    }

    [Fact]
    public void Seasonal_naive_on_a_seasonal_series_scores_zero_and_MASE_uses_the_season()
    {
        var season = new double[] { 5, 9, 7, 3 };
        var series = Enumerable.Range(0, 20).Select(i => season[i % 4] + 100).ToArray();
        SeriesForecaster seasonalNaive = (history, horizon) =>
        {
            var point = Enumerable.Range(0, horizon).Select(h => history[history.Count - 4 + h % 4]).ToArray();
            return new IntervalForecast(point, point.Select(v => v - 1).ToArray(), point.Select(v => v + 1).ToArray(), 0.95);
        };
        var exact = Backtest.Run(series, seasonalNaive, new BacktestOptions { Horizon = 4, Origins = 2, SeasonalPeriod = 4 });
        Assert.Equal(0, exact.Overall.SymmetricMape);
        // The history has no seasonal change: MASE's scale is 0, so there is no MASE.
        Assert.True(double.IsNaN(exact.Overall.Mase));

        // The last value repeated errs by the season's swings; its MASE against lag-1 and lag-4 scales differ.
        var byLag1 = Backtest.Run(series, Naive(1, 1), new BacktestOptions { Horizon = 4, Origins = 2, SeasonalPeriod = 1 });
        Assert.True(byLag1.Overall.Mase > 0 && double.IsFinite(byLag1.Overall.Mase));
    }

    [Fact]
    public void The_overall_measures_are_the_mean_over_series()
    {
        var series = new Dictionary<string, IReadOnlyList<double>>
        {
            ["flat"] = Enumerable.Repeat(50.0, 12).ToArray(),
            ["rising"] = Enumerable.Range(0, 12).Select(i => 50.0 + i).ToArray(),
        };
        var result = Backtest.Run(series, Naive(0.5, 0.5), new BacktestOptions { Horizon = 3, Origins = 2 });
        Assert.Equal(0, result.BySeries["flat"].SymmetricMape);
        Assert.True(result.BySeries["rising"].SymmetricMape > 0);
        Assert.Equal((result.BySeries["flat"].SymmetricMape + result.BySeries["rising"].SymmetricMape) / 2, result.Overall.SymmetricMape, 12);
        Assert.Equal(result.BySeries["rising"].Mase, result.Overall.Mase, 12); // the flat series has no MASE scale
        Assert.Equal(12, result.Overall.Points);
    }

    [Fact]
    public void Coverage_of_intervals_at_the_true_quantiles_is_near_their_level()
    {
        // Independent standard normal values: the true 95% interval of every step is ±1.96 around 0.
        var random = new Random(7);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var series = Enumerable.Range(0, 4020).Select(_ => Normal()).ToArray();
        SeriesForecaster truth = (history, horizon) =>
            new IntervalForecast(new double[horizon], Enumerable.Repeat(-1.959964, horizon).ToArray(), Enumerable.Repeat(1.959964, horizon).ToArray(), 0.95);
        var result = Backtest.Run(series, truth, new BacktestOptions { Horizon = 20, Origins = 200 });
        Assert.Equal(4000, result.Overall.Points);
        // 4,000 draws: the share's standard deviation is 0.0034, so 0.93-0.97 is more than 5 of them either side.
        Assert.InRange(result.Overall.Coverage, 0.93, 0.97);
    }

    [Fact]
    public void Bad_series_and_bad_forecasts_are_errors_that_name_them()
    {
        var options = new BacktestOptions { Horizon = 2, Origins = 1 };
        var nan = Assert.Throws<ArgumentException>(() =>
            Backtest.Run(new Dictionary<string, IReadOnlyList<double>> { ["sales"] = new[] { 1.0, 2, double.NaN, 4, 5, 6 } }, Naive(1, 1), options));
        Assert.Contains("Series 'sales' has the value NaN at index 2", nan.Message);

        SeriesForecaster short1 = (history, horizon) => new IntervalForecast(new[] { 1.0 }, new[] { 0.0 }, new[] { 2.0 }, 0.95);
        var wrongLength = Assert.Throws<InvalidOperationException>(() => Backtest.Run(new double[] { 1, 2, 3, 4, 5, 6 }, short1, options));
        Assert.Contains("series 'series' from origin 4 has 1 steps; expected 2", wrongLength.Message);

        SeriesForecaster infinite = (history, horizon) => new IntervalForecast(new[] { 1.0, double.PositiveInfinity }, new[] { 0.0, 0 }, new[] { 2.0, double.PositiveInfinity }, 0.95);
        Assert.Contains("non-finite value", Assert.Throws<InvalidOperationException>(() => Backtest.Run(new double[] { 1, 2, 3, 4, 5, 6 }, infinite, options)).Message);

        Assert.Contains("None of the 1 series is long enough", Assert.Throws<ArgumentException>(() => Backtest.Run(new double[] { 1, 2 }, Naive(1, 1), options)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Backtest.Run(new double[] { 1, 2, 3 }, Naive(1, 1), new BacktestOptions { Horizon = 0 }));
        Assert.Contains("expected a lower end at or below the upper end",
            Assert.Throws<ArgumentException>(() => new IntervalForecast(new[] { 1.0 }, new[] { 2.0 }, new[] { 0.0 }, 0.95)).Message);
    }
}
