using RecurrentML.Data;
using RecurrentML.Forecasting;
using RecurrentML.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// Forecasts with a fitted <see cref="ForecastModel"/>: every series' window at its last observed value goes through
/// every ensemble member in batches; the members' scaled quantiles are averaged, unscaled, and sorted at each step so
/// that no lower level lies above a higher one.
/// </summary>
internal sealed class ForecastScorer : IDisposable
{
    private const int BatchSize = 512;
    private readonly ForecastModel _model;
    private readonly ForecastNetwork[] _members;
    private readonly Device _device;

    public ForecastScorer(ForecastModel model, Device device)
    {
        _model = model;
        _device = device;
        _members = model.Members.Select(weights =>
        {
            var network = new ForecastNetwork(model.Layout, model.Encoder, model.DecoderSize);
            NetworkWeights.Import(network, weights);
            network.to(device);
            network.eval();
            return network;
        }).ToArray();
    }

    /// <summary>Each series' forecast: [Horizon][quantile level], in the series' units.</summary>
    public double[][][] Forecast(IReadOnlyList<PanelSeries> series)
    {
        var layout = _model.Layout;
        var result = new double[series.Count][][];
        var batch = new WindowBatch(layout, Math.Min(BatchSize, Math.Max(1, series.Count)));
        using var noGrad = no_grad();
        using var members = ((double)_members.Length).ToScalar();
        for (int start = 0; start < series.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var part = series.Skip(start).Take(BatchSize).ToList();
            var (steps, horizonFeatures) = batch.FillForecast(part, _device);
            var mean = _members.Select(m => m.call(steps, horizonFeatures)).Aggregate((a, b) => a.add(b, HeldScalars.One)).div(members);
            var values = mean.cpu().data<float>().ToArray();
            for (int i = 0; i < part.Count; i++) result[start + i] = Unscale(layout, values, i, batch.Scales[i]);
        }
        return result;
    }

    /// <summary>Row <paramref name="row"/> of network outputs ([rows, Horizon, levels], scaled) in the series' units,
    /// each step's quantiles sorted so that no lower level lies above a higher one.</summary>
    public static double[][] Unscale(ForecastLayout layout, ReadOnlySpan<float> values, int row, double scale)
    {
        int levels = layout.QuantileLevels.Length, horizon = layout.Horizon;
        var steps = new double[horizon][];
        for (int h = 0; h < horizon; h++)
        {
            var quantiles = new double[levels];
            for (int q = 0; q < levels; q++) quantiles[q] = layout.FromNetwork(values[(row * horizon + h) * levels + q], scale);
            Array.Sort(quantiles);
            steps[h] = quantiles;
        }
        return steps;
    }

    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
    }
}
