using ScottPlot;

namespace TimeSeriesClassification;

/// <summary>The sample's PNG: test accuracy per set, one bar per method, the recurrent cells beside the references.</summary>
internal static class AccuracyChart
{
    private static readonly (string Label, Func<ResultRow, bool> Picks, Color Color)[] Series =
    {
        ("LSTM", r => r.Method == "LSTM", Colors.RoyalBlue),
        ("GRU", r => r.Method == "GRU", Colors.SeaGreen),
        ("RNN", r => r.Method == "RNN", Colors.OrangeRed),
        ("1-NN DTW (here)", r => r.Method.StartsWith("1-NN DTW (computed", StringComparison.Ordinal), Colors.Gray),
        ("LightGbm, raw vector", r => r.Method.StartsWith("LightGbm", StringComparison.Ordinal), Colors.DarkOrange),
        ("InceptionTime (published)", r => r.Method == "InceptionTime (published)", Colors.Black),
    };

    public static void Save(IReadOnlyList<ResultRow> rows, IReadOnlyList<TsSet> sets, string path)
    {
        var plot = new Plot();
        int group = Series.Length + 1;
        for (int s = 0; s < Series.Length; s++)
        {
            var bars = new List<Bar>();
            for (int g = 0; g < sets.Count; g++)
            {
                var row = rows.FirstOrDefault(r => r.Set == sets[g].Name && Series[s].Picks(r));
                if (row != null) bars.Add(new Bar { Position = g * group + s, Value = row.Accuracy, FillColor = Series[s].Color });
            }
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = Series[s].Label;
            plotted.Color = Series[s].Color;
        }
        plot.Axes.Bottom.SetTicks(sets.Select((_, g) => g * group + (Series.Length - 1) / 2.0).ToArray(), sets.Select(s => s.Name).ToArray());
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Title("Test accuracy on the shipped splits");
        plot.YLabel("test accuracy");
        plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, 900, 450);
    }
}
