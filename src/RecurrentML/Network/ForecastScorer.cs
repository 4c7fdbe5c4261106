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
        int levels = layout.QuantileLevels.Length, horizon = layout.Horizon;
        var result = new double[series.Count][][];
        var batch = new WindowBatch(layout, Math.Min(BatchSize, Math.Max(1, series.Count)));
        using var noGrad = no_grad();
        using var members = ((double)_members.Length).ToScalar();
        for (int start = 0; start < series.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var part = series.Skip(start).Take(BatchSize).ToList();
            var (steps, horizonFeatures) = batch.FillForecast(part, _device);
            var mean = _members.Select(m => m.call(steps, horizonFeatures)).Aggregate((a, b) => a + b).div(members);
            var values = mean.cpu().data<float>().ToArray();
            for (int i = 0; i < part.Count; i++)
            {
                double scale = batch.Scales[i];
                result[start + i] = Enumerable.Range(0, horizon).Select(h =>
                {
                    var quantiles = Enumerable.Range(0, levels).Select(q => layout.FromNetwork(values[(i * horizon + h) * levels + q], scale)).ToArray();
                    Array.Sort(quantiles);
                    return quantiles;
                }).ToArray();
            }
        }
        return result;
    }

    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
    }
}
