using RecurrentML;
using ScottPlot;

namespace LongMemory;

/// <summary>The sample's PNG charts.</summary>
internal static class Charts
{
    private static readonly Dictionary<RecurrentCell, Color> Colors = new()
    {
        [RecurrentCell.Rnn] = ScottPlot.Colors.OrangeRed,
        [RecurrentCell.Lstm] = ScottPlot.Colors.RoyalBlue,
        [RecurrentCell.Gru] = ScottPlot.Colors.SeaGreen,
    };

    /// <summary>One line per cell: the task's metric against sequence length, with the trivial baseline dashed.</summary>
    public static void MetricByLength(IReadOnlyList<ResultRow> rows, string title, string metric, double chance, string path)
    {
        var plot = new Plot();
        foreach (var group in rows.GroupBy(r => r.Cell))
        {
            var line = plot.Add.Scatter(group.Select(r => (double)r.Length).ToArray(), group.Select(r => r.Value).ToArray(), Colors[group.Key]);
            line.LegendText = group.Key.ToString();
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        var baseline = plot.Add.HorizontalLine(chance, color: ScottPlot.Colors.Gray);
        baseline.LinePattern = LinePattern.Dashed;
        baseline.LegendText = "trivial baseline";
        plot.Title(title);
        plot.XLabel("sequence length (steps)");
        plot.YLabel(metric);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 640, 400);
    }

    /// <summary>log10 of the per-step gradient norm, one line per cell and phase.</summary>
    public static void GradientFlow(IReadOnlyDictionary<RecurrentCell, GradientFlowReport> flows, int length, string path)
    {
        var plot = new Plot();
        foreach (var (cell, flow) in flows)
        {
            foreach (var (phase, norms, pattern) in new[] { ("initial", flow.AtInitialization, LinePattern.Dashed), ("trained", flow.AfterTraining, LinePattern.Solid) })
            {
                var line = plot.Add.Scatter(Enumerable.Range(1, norms.Count).Select(t => (double)t).ToArray(),
                    norms.Select(n => Math.Log10(Math.Max(n, 1e-30))).ToArray(), Colors[cell]);
                line.LegendText = $"{cell} {phase}";
                line.LinePattern = pattern;
                line.MarkerSize = 0;
                line.LineWidth = 2;
            }
        }
        plot.Title($"First-token recall, length {length}: gradient reaching each input step");
        plot.XLabel("input step t");
        plot.YLabel("log10 ‖∂loss/∂x_t‖");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 640, 400);
    }
}
