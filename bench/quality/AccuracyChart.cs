using ScottPlot;

namespace RecurrentML.Quality;

/// <summary><c>results/accuracy.png</c>: test accuracy per set, one bar per method (no bar where a method does not
/// apply or did not run).</summary>
internal static class AccuracyChart
{
    private static readonly Dictionary<Method, Color> Colours = new()
    {
        [Method.NGrams] = Colors.Gray,
        [Method.Recurrent] = Colors.RoyalBlue,
        [Method.Pretrained] = Colors.MediumPurple,
        [Method.RecurrentVectors] = Colors.SkyBlue,
        [Method.Combined] = Colors.SeaGreen,
        [Method.CombinedVectors] = Colors.LightGreen,
        [Method.FastText] = Colors.DarkOrange,
        [Method.FastTextTuned] = Colors.OrangeRed,
    };

    public static void Save(IReadOnlyList<SetResult> sets, string path)
    {
        var plot = new Plot();
        int group = Methods.All.Length + 1;
        for (int m = 0; m < Methods.All.Length; m++)
        {
            var method = Methods.All[m];
            var bars = sets.Select((s, g) => (Position: g * group + m, Result: s.Methods.GetValueOrDefault(method)))
                .Where(b => b.Result is { Ran: true })
                .Select(b => new Bar { Position = b.Position, Value = b.Result.Accuracy, FillColor = Colours[method] })
                .ToList();
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = method.Name();
            plotted.Color = Colours[method];
        }
        plot.Axes.Bottom.SetTicks(sets.Select((_, g) => g * group + (Methods.All.Length - 1) / 2.0).ToArray(), sets.Select(s => s.Set.Name).ToArray());
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Title("Test accuracy with default options (bench/quality)");
        plot.YLabel("test accuracy");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1000, 450);
    }
}
