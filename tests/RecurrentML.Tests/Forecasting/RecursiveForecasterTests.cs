using Microsoft.ML;
using RecurrentML.Forecasting;
using Xunit;

namespace RecurrentML.Tests.Forecasting;

/// <summary>The recursive forecast, the one-step errors and the simulated intervals, on one small fitted model.</summary>
public sealed class RecursiveForecasterTests
{
    private static readonly SeriesWindowing Windowing = new(ForecastingTestData.Period, logTransform: true);
    private static readonly double[] History = ForecastingTestData.SeasonalSeries(120, seed: 3);
    private static readonly MLContext Context = new(seed: 1);
    private static readonly Lazy<ITransformer> Model = new(() => ForecastingTestData.Fit(Context, History, Windowing, epochs: 5));

    [Fact]
    public void The_forecast_equals_feeding_each_prediction_back_by_hand()
    {
        var forecast = new RecursiveForecaster(Context, Model.Value, Windowing).Forecast(History, 10);

        var engine = Context.Model.CreatePredictionEngine<SeriesWindow, ScoredWindow>(Model.Value, inputSchemaDefinition: Windowing.SchemaDefinition());
        var series = History.ToList();
        for (int h = 0; h < 10; h++)
        {
            var window = series.TakeLast(Windowing.WindowSize).ToArray();
            float score = engine.Predict(new SeriesWindow { Features = Windowing.ToFeatures(window) }).Score;
            series.Add(Windowing.ToSeriesValue(window, score));
            // PredictionEngine and Transform agree to float rounding; a step fed back wrongly moves the value by far more.
            Assert.True(Math.Abs(series[^1] - forecast[h]) < 1e-4, $"step {h + 1}: by hand {series[^1]}, forecaster {forecast[h]}");
        }
    }

    [Fact]
    public void One_step_errors_are_label_minus_score_of_each_true_window()
    {
        var forecaster = new RecursiveForecaster(Context, Model.Value, Windowing);
        var errors = forecaster.OneStepErrors(History, firstTarget: 100);
        Assert.Equal(20, errors.Length);
        for (int i = 0; i < errors.Length; i++)
        {
            var window = History[(100 + i - Windowing.WindowSize)..(100 + i)];
            double predicted = forecaster.Forecast(window, 1)[0];
            double label = Windowing.ToLabel(window, History[100 + i]);
            Assert.Equal(label - Windowing.ToLabel(window, predicted), errors[i], 5);
        }
    }

    [Fact]
    public void Intervals_are_reproducible_with_a_seed_ordered_and_widening()
    {
        var forecaster = new RecursiveForecaster(Context, Model.Value, Windowing);
        var errors = forecaster.OneStepErrors(History, firstTarget: 96);
        var a = forecaster.ForecastWithInterval(History, 12, errors, paths: 200, seed: 5);
        var b = forecaster.ForecastWithInterval(History, 12, errors, paths: 200, seed: 5);
        var other = forecaster.ForecastWithInterval(History, 12, errors, paths: 200, seed: 6);
        Assert.Equal(a.Lower, b.Lower);
        Assert.Equal(a.Upper, b.Upper);
        Assert.Equal(a.Point, b.Point);
        Assert.NotEqual(a.Upper, other.Upper);
        Assert.Equal(forecaster.Forecast(History, 12), a.Point);
        Assert.Equal(0.95, a.Level);
        for (int h = 0; h < 12; h++)
            Assert.True(a.Lower[h] < a.Point[h] && a.Point[h] < a.Upper[h], $"step {h + 1}: {a.Lower[h]} <= {a.Point[h]} <= {a.Upper[h]}");
        // Errors accumulate through the recursion: the last step's interval is wider than the first's.
        Assert.True(a.Upper[11] - a.Lower[11] > a.Upper[0] - a.Lower[0]);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_their_name_and_value()
    {
        var forecaster = new RecursiveForecaster(Context, Model.Value, Windowing);
        var horizon = Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Forecast(History, 0));
        Assert.Contains("horizon is 0; expected an integer >= 1", horizon.Message);
        var history = Assert.Throws<ArgumentException>(() => forecaster.Forecast(History[..5], 3));
        Assert.Contains("The history has 5 values; the model reads windows of 12", history.Message);
        var first = Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.OneStepErrors(History, 3));
        Assert.Contains("firstTarget is 3; expected an index from 12 (WindowSize) to 119", first.Message);
        var level = Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.ForecastWithInterval(History, 3, new[] { 0.1 }, level: 95));
        Assert.Contains("level is 95; expected a number in (0, 1)", level.Message);
        var paths = Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.ForecastWithInterval(History, 3, new[] { 0.1 }, paths: 1));
        Assert.Contains("paths is 1; expected an integer >= 2", paths.Message);
        var empty = Assert.Throws<ArgumentException>(() => forecaster.ForecastWithInterval(History, 3, Array.Empty<double>()));
        Assert.Equal("oneStepErrors", empty.ParamName);
        var score = Assert.Throws<ArgumentException>(() => new RecursiveForecaster(Context, Model.Value, Windowing, "Forecast"));
        Assert.Contains("The model's output column 'Forecast' is missing; expected Single", score.Message);
    }
}
