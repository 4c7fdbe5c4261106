using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>
/// The next steps of a series as quantiles: the network outputs each step's value at every level q, trained by the
/// pinball (quantile) loss, q·(y − ŷ) above the forecast and (1 − q)·(ŷ − y) below it, whose minimiser is the q-th
/// quantile of y; the median's is half the absolute error. The mean over levels and the steps that have a value is
/// the metric (lower is better).
/// </summary>
internal sealed record SeriesQuantiles(double[] Levels) : Target
{
    public override string MetricName => "pinball loss";

    public override bool HigherMetricIsBetter => false;

    public override string Description => $"forecasting quantiles {string.Join(", ", Levels)} by the pinball loss";

    /// <summary>The mean pinball loss over the masked steps and every level.</summary>
    /// <param name="forecast">[batch, steps, levels].</param>
    /// <param name="actual">[batch, steps].</param>
    /// <param name="mask">[batch, steps]: 1 where the step has a value, 0 where it is padding.</param>
    public Tensor Loss(Tensor forecast, Tensor actual, Tensor mask)
    {
        using var scope = NewDisposeScope();
        // Scalars held in variables (a temporary one can be finalised mid-call: PLATFORM.md).
        using var levelCount = ((double)Levels.Length).ToScalar();
        using var one = 1.0.ToScalar();
        var above = tensor(Levels.Select(l => (float)l).ToArray(), device: forecast.device);
        var below = tensor(Levels.Select(l => (float)(l - 1)).ToArray(), device: forecast.device);
        var error = actual.unsqueeze(2) - forecast;                             // [batch, steps, levels]
        var loss = maximum(above * error, below * error) * mask.unsqueeze(2);
        var count = mask.sum().mul(levelCount).clamp_min(one);
        return (loss.sum() / count).MoveToOuterDisposeScope();
    }
}
