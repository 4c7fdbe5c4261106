using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Forecasting;
using Xunit;

namespace RecurrentML.Tests.Forecasting;

/// <summary>The forecasting pipeline (standardising recurrent encoder, then SDCA on the encoding and the window) learns
/// a seasonal series with trend, and survives save/load and ONNX export.</summary>
public sealed class ForecastingPipelineTests
{
    private const int Horizon = 24;
    private static readonly SeriesWindowing Windowing = new(24);

    /// <summary>A scoring row without the label, so that the ONNX graph's only input is the window.</summary>
    private sealed class WindowFeatures
    {
        public float[] Features { get; set; }
    }

    [Theory]
    [InlineData(RecurrentCell.Lstm, 1)]
    [InlineData(RecurrentCell.Lstm, 2)]
    [InlineData(RecurrentCell.Gru, 1)]
    [InlineData(RecurrentCell.Gru, 2)]
    [InlineData(RecurrentCell.Rnn, 1)]
    [InlineData(RecurrentCell.Rnn, 2)]
    public void The_encoding_alone_beats_seasonal_naive_on_a_trending_seasonal_series(RecurrentCell cell, int seed)
    {
        var mlContext = new MLContext(seed: 1);
        var series = ForecastingTestData.SeasonalSeries(240 + Horizon, seed: 11);
        var training = series[..240];
        var truth = series[240..];
        var model = ForecastingTestData.Fit(mlContext, training, Windowing, cell, withWindow: false, seed: seed);
        double recurrent = ForecastingTestData.Rmse(truth, new RecursiveForecaster(mlContext, model, Windowing).Forecast(training, Horizon));
        // Seasonal naive misses a year of trend (0.6 at one year ahead, 1.2 at two) plus noise: RMSE about 0.95.
        double naive = ForecastingTestData.Rmse(truth, ForecastingTestData.SeasonalNaive(training, Horizon));
        Assert.True(recurrent < 0.5 * naive, $"{cell} seed {seed}: recurrent RMSE {recurrent:F3}, seasonal naive {naive:F3}");
    }

    [Fact]
    public void Saved_and_reloaded_it_forecasts_the_same()
    {
        var mlContext = new MLContext(seed: 1);
        var series = ForecastingTestData.SeasonalSeries(120, seed: 4);
        var model = ForecastingTestData.Fit(mlContext, series, Windowing, RecurrentCell.Lstm, epochs: 3);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, mlContext.Data.LoadFromSeriesWindows(series, Windowing).Schema, stream);
        stream.Position = 0;
        var loaded = mlContext.Model.Load(stream, out _);

        var before = new RecursiveForecaster(mlContext, model, Windowing);
        var after = new RecursiveForecaster(mlContext, loaded, Windowing);
        var errors = before.OneStepErrors(series, 100);
        var a = before.ForecastWithInterval(series, Horizon, errors, paths: 100);
        var b = after.ForecastWithInterval(series, Horizon, errors, paths: 100);
        for (int h = 0; h < Horizon; h++)
        {
            Assert.True(Math.Abs(a.Point[h] - b.Point[h]) < 1e-5, $"step {h + 1}: {a.Point[h]} before, {b.Point[h]} after");
            Assert.True(Math.Abs(a.Lower[h] - b.Lower[h]) < 1e-5 && Math.Abs(a.Upper[h] - b.Upper[h]) < 1e-5, $"step {h + 1}: interval moved");
        }
    }

    [Fact]
    public void The_ONNX_export_scores_as_ML_NET_does()
    {
        var mlContext = new MLContext(seed: 1);
        var series = ForecastingTestData.SeasonalSeries(120, seed: 4);
        var model = ForecastingTestData.Fit(mlContext, series, Windowing, RecurrentCell.Lstm, epochs: 3);
        var windows = Windowing.CreateRows(series).Select(r => r.Features).ToList();
        var schema = SchemaDefinition.Create(typeof(WindowFeatures));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Windowing.WindowSize);
        var scoring = mlContext.Data.LoadFromEnumerable(windows.Select(w => new WindowFeatures { Features = w }), schema);
        var expected = model.Transform(scoring).GetColumn<float>("Score").ToArray();

        using var onnx = new OnnxRuntimeScorer(OnnxExportTests.Export(mlContext, model, scoring), "Score");
        Assert.Equal(new[] { "Features" }, onnx.InputNames);
        var actual = onnx.ScoreRows("Features", windows);
        // Raw windows span about +-4, so the encoder's standardisation matters: without it in the graph the scores differ by far more.
        for (int i = 0; i < windows.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]["Score"][0]) < 1e-4, $"row {i}: ML.NET {expected[i]}, ONNX {actual[i]["Score"][0]}");
    }
}
