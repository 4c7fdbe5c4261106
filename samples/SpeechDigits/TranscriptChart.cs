using ScottPlot;

namespace SpeechDigits;

/// <summary>One utterance as a PNG: its MFCC heatmap above the CTC network's per-step class probabilities.</summary>
internal static class TranscriptChart
{
    private const int HeatmapRows = 13;
    private const int Width = 1000;
    private const int Height = 700;
    // Both panels have the same left and right padding, so their data areas (and time axes) line up; the right side holds the colour bar or the legend.
    private const float Left = 70, Right = 130;

    /// <summary>Writes the chart of one utterance to <paramref name="path"/> as a PNG.</summary>
    /// <param name="frames">Step-major features, steps x <paramref name="featuresPerStep"/>; the first 13 per step (MFCC) are drawn.</param>
    /// <param name="featuresPerStep">Features per step, e.g. 39 (MFCC, deltas, delta-deltas).</param>
    /// <param name="hopMilliseconds">Time between steps.</param>
    /// <param name="stepLogProbabilities">Step-major natural-log probabilities, steps x (symbols + 1); class 0 is the CTC blank, class k is symbols[k - 1].</param>
    /// <param name="symbols">The symbols of classes 1 and up.</param>
    /// <param name="transcript">The recognised text.</param>
    /// <param name="reference">The expected text.</param>
    /// <param name="title">The first line of the chart's title.</param>
    /// <param name="path">The PNG file to write.</param>
    public static void Write(float[] frames, int featuresPerStep, double hopMilliseconds, float[] stepLogProbabilities, IReadOnlyList<string> symbols,
        string transcript, string reference, string title, string path)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(stepLogProbabilities);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featuresPerStep);
        if (!double.IsFinite(hopMilliseconds) || hopMilliseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(hopMilliseconds), hopMilliseconds, "The hop must be a positive number of milliseconds.");
        if (symbols.Count == 0) throw new ArgumentException("At least one symbol is needed.", nameof(symbols));
        if (frames.Length == 0 || frames.Length % featuresPerStep != 0)
            throw new ArgumentException($"{frames.Length} features are not a positive multiple of {featuresPerStep} per step.", nameof(frames));
        int classes = symbols.Count + 1;
        if (stepLogProbabilities.Length % classes != 0)
            throw new ArgumentException($"{stepLogProbabilities.Length} log-probabilities are not a multiple of {classes} classes (blank + {symbols.Count} symbols).",
                nameof(stepLogProbabilities));
        int steps = frames.Length / featuresPerStep;
        if (stepLogProbabilities.Length / classes != steps)
            throw new ArgumentException($"The features have {steps} steps but the log-probabilities have {stepLogProbabilities.Length / classes}.",
                nameof(stepLogProbabilities));

        double hopSeconds = hopMilliseconds / 1000;
        // Each step's cell is centred on its time; both panels show exactly the cells' span.
        double left = -hopSeconds / 2, right = (steps - 0.5) * hopSeconds;
        double[] times = Enumerable.Range(0, steps).Select(s => s * hopSeconds).ToArray();

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var features = multiplot.GetPlot(0);
        var probabilities = multiplot.GetPlot(1);
        Features(features, frames, featuresPerStep, steps, left, right);
        features.Title($"{title}\nreference: {reference}   recognised: {transcript}");
        Probabilities(probabilities, stepLogProbabilities, classes, symbols, times);
        features.Layout.Fixed(new PixelPadding(Left, Right, 25, 60));
        probabilities.Layout.Fixed(new PixelPadding(Left, Right, 50, 15));
        features.Axes.SetLimitsX(left, right);
        probabilities.Axes.SetLimitsX(left, right);
        multiplot.SavePng(path, Width, Height);
    }

    /// <summary>The first 13 features as a heatmap, each coefficient standardised over the utterance so every row uses the whole colour map.</summary>
    private static void Features(Plot plot, float[] frames, int featuresPerStep, int steps, double left, double right)
    {
        int rows = Math.Min(HeatmapRows, featuresPerStep);
        // Heatmap row 0 is drawn at the top: coefficient 0 goes in the last row so it sits at the bottom.
        var intensities = new double[rows, steps];
        for (int k = 0; k < rows; k++)
        {
            double mean = 0, squares = 0;
            for (int s = 0; s < steps; s++) mean += frames[s * featuresPerStep + k];
            mean /= steps;
            for (int s = 0; s < steps; s++) squares += Math.Pow(frames[s * featuresPerStep + k] - mean, 2);
            double deviation = Math.Sqrt(squares / steps);
            for (int s = 0; s < steps; s++)
                intensities[rows - 1 - k, s] = deviation > 0 ? (frames[s * featuresPerStep + k] - mean) / deviation : 0;
        }
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(left, right, -0.5, rows - 0.5);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "standardised";
        plot.Axes.SetLimitsY(-0.5, rows - 0.5);
        plot.YLabel("MFCC");
    }

    /// <summary>Each class's probability per step, with the greedy path's emitted symbols written above their spikes.</summary>
    private static void Probabilities(Plot plot, float[] stepLogProbabilities, int classes, IReadOnlyList<string> symbols, double[] times)
    {
        int steps = times.Length;
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < classes; c++)
        {
            double[] ys = Enumerable.Range(0, steps).Select(s => Math.Exp(stepLogProbabilities[s * classes + c])).ToArray();
            var line = plot.Add.ScatterLine(times, ys, c == 0 ? Colors.LightGray : palette.GetColor(c - 1));
            line.LineWidth = c == 0 ? 1.5f : 2;
            line.LegendText = c == 0 ? "blank" : symbols[c - 1];
        }
        int previous = 0;
        for (int s = 0; s < steps; s++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (stepLogProbabilities[s * classes + c] > stepLogProbabilities[s * classes + best]) best = c;
            if (best != 0 && best != previous)
            {
                var label = plot.Add.Text(symbols[best - 1], times[s], Math.Exp(stepLogProbabilities[s * classes + best]));
                label.Alignment = Alignment.LowerCenter;
                label.OffsetY = -4;
                label.LabelFontSize = 16;
                label.LabelBold = true;
                label.LabelFontColor = palette.GetColor(best - 1);
            }
            previous = best;
        }
        // Headroom above probability 1 for the labels, but ticks only up to 1.
        plot.Axes.SetLimitsY(0, 1.15);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int tenths = 0; tenths <= 10; tenths += 2) ticks.AddMajor(tenths / 10.0, (tenths / 10.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = ticks;
        plot.XLabel("time (s)");
        plot.YLabel("probability");
        plot.ShowLegend(Edge.Right);
    }
}
