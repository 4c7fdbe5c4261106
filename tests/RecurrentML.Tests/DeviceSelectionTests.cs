using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Device selection follows ML.NET's MLContext.GpuDeviceId and FallbackToCpu; this build has no CUDA.</summary>
public class DeviceSelectionTests
{
    private static IDataView Data(MLContext mlContext) =>
        TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(TestData.Sentiment(60, 1)))
            .Transform(mlContext.Data.LoadFromEnumerable(TestData.Sentiment(60, 1)));

    [Fact]
    public void A_requested_GPU_falls_back_to_the_CPU_with_a_warning_when_allowed()
    {
        var mlContext = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        var warnings = new List<string>();
        mlContext.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
        var encoder = EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Gru, o => o.MaxEpochs = 1).Fit(Data(mlContext));
        Assert.Single(encoder.TrainingHistory);
        Assert.Contains(warnings, w => w.Contains("GpuDeviceId is 0") && w.Contains("falling back to the CPU"));
    }

    [Fact]
    public void A_requested_GPU_without_fallback_fails_with_a_clear_message()
    {
        var mlContext = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<InvalidOperationException>(() => EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Gru).Fit(Data(mlContext)));
        Assert.Contains("MLContext.GpuDeviceId is 0", error.Message);
        Assert.Contains("FallbackToCpu", error.Message);
    }
}
