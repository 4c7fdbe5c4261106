using RecurrentML.Data;
using RecurrentML.Model;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Reusable arrays for a batch of windows (<see cref="ForecastWindow"/>) and the tensors made from them.</summary>
internal sealed class WindowBatch
{
    private readonly ForecastLayout _layout;
    private readonly float[] _steps, _horizon, _actual, _mask;
    private readonly double[] _scales;

    public WindowBatch(ForecastLayout layout, int capacity)
    {
        _layout = layout;
        _steps = new float[capacity * layout.ContextLength * layout.StepFeatures];
        _horizon = new float[capacity * layout.Horizon * layout.HorizonFeatures];
        _actual = new float[capacity * layout.Horizon];
        _mask = new float[capacity * layout.Horizon];
        _scales = new double[capacity];
    }

    /// <summary>Each window's scale, from the last <see cref="Fill"/> or <see cref="FillForecast"/>.</summary>
    public ReadOnlySpan<double> Scales => _scales;

    /// <summary>Training windows with their scaled targets and masks, as tensors on <paramref name="device"/>.</summary>
    public (Tensor Steps, Tensor Horizon, Tensor Actual, Tensor Mask) Fill(IReadOnlyList<PanelSeries> series, ReadOnlySpan<(int Series, int Origin)> windows, Device device)
    {
        int h = _layout.Horizon;
        for (int i = 0; i < windows.Length; i++)
        {
            var (s, origin) = windows[i];
            _scales[i] = FillOne(series[s], origin, i);
            ForecastWindow.Targets(_layout, series[s], origin, _scales[i], _actual.AsSpan(i * h, h), _mask.AsSpan(i * h, h));
        }
        var (steps, horizon) = Inputs(windows.Length, device);
        return (steps, horizon, Tensor(_actual, windows.Length, [h], device), Tensor(_mask, windows.Length, [h], device));
    }

    /// <summary>The windows that forecast after each series' last observed value.</summary>
    public (Tensor Steps, Tensor Horizon) FillForecast(IReadOnlyList<PanelSeries> series, Device device)
    {
        for (int i = 0; i < series.Count; i++) _scales[i] = FillOne(series[i], series[i].Observed, i);
        return Inputs(series.Count, device);
    }

    /// <summary>The forecast windows of <paramref name="series"/> as plain arrays: steps, horizon features, scales.</summary>
    public static (float[] Steps, float[] Horizon, double[] Scales) ForecastArrays(ForecastLayout layout, IReadOnlyList<PanelSeries> series)
    {
        var batch = new WindowBatch(layout, series.Count);
        for (int i = 0; i < series.Count; i++) batch._scales[i] = batch.FillOne(series[i], series[i].Observed, i);
        return (batch._steps, batch._horizon, batch._scales);
    }

    private double FillOne(PanelSeries series, int origin, int i)
    {
        int stepValues = _layout.ContextLength * _layout.StepFeatures, horizonValues = _layout.Horizon * _layout.HorizonFeatures;
        return ForecastWindow.Fill(_layout, series, origin, _steps.AsSpan(i * stepValues, stepValues), _horizon.AsSpan(i * horizonValues, horizonValues));
    }

    private (Tensor Steps, Tensor Horizon) Inputs(int count, Device device) =>
        (Tensor(_steps, count, [_layout.ContextLength, _layout.StepFeatures], device), Tensor(_horizon, count, [_layout.Horizon, _layout.HorizonFeatures], device));

    private static Tensor Tensor(float[] values, int count, long[] shape, Device device)
    {
        long size = shape.Aggregate(1L, (a, b) => a * b);
        return tensor(values.AsSpan(0, (int)(count * size)).ToArray(), [count, .. shape]).to(device);
    }
}
