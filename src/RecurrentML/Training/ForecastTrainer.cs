using RecurrentML.Data;
using RecurrentML.Forecasting;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Targets;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Trains a global forecaster: every window of every series (each origin from the end of the first scale window to
/// the last observed value, its targets the values after it, masked past the series' end) in a seeded random order,
/// by Adam on the pinball loss, the learning rate falling from its start to a tenth by a cosine, gradients clipped at
/// norm 1. Each ensemble member is one such training from its own seed.
/// </summary>
internal static class ForecastTrainer
{
    private const double GradientClipNorm = 1.0;

    public static ForecastModel Train(ForecastLayout layout, NetworkShape encoder, int decoderSize, IReadOnlyList<PanelSeries> series,
        RecurrentForecasterOptions options, Device device, Action<string> log)
    {
        var windows = Windows(layout, series);
        if (windows.Count == 0)
            throw new ArgumentException($"No series has two observed values; a training window needs at least one value of history and one to forecast.");
        log($"Global forecaster: {series.Count:N0} series, {windows.Count:N0} windows of {layout.ContextLength} steps, horizon {layout.Horizon}, " +
            $"{options.EnsembleSize} network(s) x {Epochs(options, (windows.Count + options.BatchSize - 1) / options.BatchSize)} epochs");
        var target = new SeriesQuantiles(layout.QuantileLevels);
        var members = new List<IReadOnlyList<NamedWeight>>();
        var losses = new List<double[]>();
        for (int member = 0; member < options.EnsembleSize; member++)
        {
            int seed = options.Seed + 7919 * member;
            using var network = new ForecastNetwork(layout, encoder, decoderSize);
            using (var generator = new Generator((ulong)seed, device)) network.Initialize(generator);
            network.to(device);
            losses.Add(TrainOne(network, layout, series, windows, target, options, seed, device, log, member));
            network.eval();
            members.Add(NetworkWeights.Export(network));
        }
        return new ForecastModel(layout, encoder, decoderSize, members, losses);
    }

    /// <summary>The epochs: <see cref="RecurrentForecasterOptions.Epochs"/>, or more when that many would take fewer than
    /// <see cref="RecurrentForecasterOptions.MinTrainingSteps"/> optimisation steps (few or short series).</summary>
    internal static int Epochs(RecurrentForecasterOptions options, int batchesPerEpoch) =>
        Math.Max(options.Epochs, (options.MinTrainingSteps + batchesPerEpoch - 1) / batchesPerEpoch);

    /// <summary>Every (series, origin) a training window starts at.</summary>
    internal static List<(int Series, int Origin)> Windows(ForecastLayout layout, IReadOnlyList<PanelSeries> series)
    {
        var windows = new List<(int, int)>();
        for (int s = 0; s < series.Count; s++)
        {
            int observed = series[s].Observed;
            for (int origin = Math.Max(1, Math.Min(layout.ScaleWindow, observed - 1)); origin < observed; origin++) windows.Add((s, origin));
        }
        return windows;
    }

    private static double[] TrainOne(ForecastNetwork network, ForecastLayout layout, IReadOnlyList<PanelSeries> series,
        List<(int Series, int Origin)> windows, SeriesQuantiles target, RecurrentForecasterOptions options, int seed, Device device,
        Action<string> log, int member)
    {
        var parameters = network.parameters().ToArray();
        using var optimizer = new AdamOptimizer(parameters, options.LearningRate);
        var random = new Random(seed);
        var order = windows.ToArray();
        int batchSize = Math.Min(options.BatchSize, order.Length);
        int batchesPerEpoch = (order.Length + batchSize - 1) / batchSize;
        int epochs = Epochs(options, batchesPerEpoch);
        long totalSteps = (long)batchesPerEpoch * epochs, step = 0;
        var batch = new WindowBatch(layout, batchSize);
        var losses = new double[epochs];
        network.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, order.Length - start);
                var (steps, horizon, actual, mask) = batch.Fill(series, order.AsSpan(start, count), device);
                double progress = (double)step++ / totalSteps;
                optimizer.LearningRate = options.LearningRate * (0.1 + 0.45 * (1 + Math.Cos(Math.PI * progress)));
                optimizer.ZeroGrad();
                var loss = target.Loss(network.call(steps, horizon), actual, mask);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, GradientClipNorm);
                optimizer.Step();
                sum += loss.item<float>() * count;
            }
            losses[epoch] = sum / order.Length;
            log($"  network {member + 1}, epoch {epoch + 1}/{epochs}: pinball loss {losses[epoch]:F4}");
        }
        return losses;
    }
}
