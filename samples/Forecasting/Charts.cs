using ScottPlot;

namespace Forecasting;

/// <summary>The sample's PNG charts.</summary>
internal static class Charts
{
    private static readonly Color[] Palette = { Colors.RoyalBlue, Colors.SeaGreen, Colors.OrangeRed, Colors.Purple, Colors.DarkOrange, Colors.Gray };

    /// <summary>The last years of history, the months held out, each method's point forecast and one method's 95% band.</summary>
    public static void Forecasts(MonthlySeries series, int trainingCount, int historyMonths, IReadOnlyList<(string Method, Forecast Forecast)> methods,
        string bandMethod, string unit, string path)
    {
        var plot = new Plot();
        int horizon = series.Values.Length - trainingCount;
        double[] testTimes = Enumerable.Range(trainingCount, horizon).Select(series.Time).ToArray();
        var band = methods.First(m => m.Method == bandMethod).Forecast;
        var fill = plot.Add.FillY(testTimes, band.Lower, band.Upper);
        fill.FillColor = Colors.RoyalBlue.WithAlpha(0.2);
        fill.LineColor = Colors.Transparent;
        fill.LegendText = $"{bandMethod} 95% interval";

        int first = trainingCount - historyMonths;
        // The truth line starts at the last observed month, so history and test join.
        Line(plot, Enumerable.Range(first, historyMonths + 1).Select(series.Time).ToArray(), series.Values[first..(trainingCount + 1)], Colors.Black, "history", 2, LinePattern.Solid);
        Line(plot, testTimes, series.Values[trainingCount..], Colors.Black, "truth", 2, LinePattern.Dotted);
        for (int m = 0; m < methods.Count; m++)
            Line(plot, testTimes, methods[m].Forecast.Point, Palette[m % Palette.Length], methods[m].Method, methods[m].Method == bandMethod ? 2 : 1.5f,
                methods[m].Method == bandMethod ? LinePattern.Solid : LinePattern.Dashed);
        // One labelled tick per January: the automatic ticks fall on fractions of a year and print them with separators.
        var years = new ScottPlot.TickGenerators.NumericManual();
        for (int year = (int)Math.Ceiling(series.Time(first)); year <= series.Time(series.Values.Length - 1); year++) years.AddMajor(year, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = years;
        plot.Title($"{series.Name}: last {historyMonths / 12} years of training, {horizon}-month forecasts");
        plot.XLabel("year");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 800, 480);
    }

    private static void Line(Plot plot, double[] xs, double[] ys, Color color, string legend, float width, LinePattern pattern)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = legend;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LinePattern = pattern;
    }
}
