using ScottPlot;

namespace RecurrentML.Plotting;

/// <summary>A training history as a chart: training and validation loss against the epoch on the left axis, the
/// validation metric (accuracy, mean absolute error or perplexity) on the right.</summary>
public static class TrainingHistoryChart
{
    /// <summary>Writes the chart of <paramref name="history"/> as a PNG file of <paramref name="width"/> x
    /// <paramref name="height"/> pixels. Epochs without validation rows have no validation points.</summary>
    public static void SavePng(IReadOnlyList<EpochReport> history, string path, string title = null, int width = 720, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(path);
        if (history.Count == 0) throw new ArgumentException("The training history has no epochs to draw.", nameof(history));
        if (width < 100 || height < 100) throw new ArgumentOutOfRangeException(nameof(width), $"The chart is {width} x {height} pixels; expected at least 100 x 100.");

        var plot = new Plot();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        Line(plot, epochs, history.Select(e => e.TrainingLoss), "training loss", Colors.RoyalBlue, LinePattern.Solid);
        bool validated = history.Any(e => !double.IsNaN(e.ValidationLoss));
        if (validated)
        {
            Line(plot, epochs, history.Select(e => e.ValidationLoss), "validation loss", Colors.RoyalBlue, LinePattern.Dashed);
            var metric = Line(plot, epochs, history.Select(e => e.ValidationMetric), $"validation {history[0].MetricName}", Colors.OrangeRed, LinePattern.Solid);
            metric.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = history[0].MetricName;
        }
        plot.Title(title ?? "Training history");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, width, height);
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] epochs, IEnumerable<double> values, string label, Color color, LinePattern pattern)
    {
        // NaN values (no validation in that epoch) leave a gap.
        var line = plot.Add.Scatter(epochs, values.ToArray(), color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        return line;
    }
}
