namespace SpeechDigits;

/// <summary>
/// The classic isolated-word recogniser: a recording takes the digit of its nearest training recording, the distance
/// being dynamic time warping over the frames (Euclidean distance between frames; steps right, down and diagonal;
/// divided by the two lengths so that long words are not penalised), on the same frames the recurrent encoders read.
/// </summary>
internal sealed class NearestNeighbourDtw
{
    private readonly List<(float[] Frames, string Label)> _templates;
    private readonly int _width;

    public NearestNeighbourDtw(IEnumerable<(float[] Frames, string Label)> templates, int width)
    {
        _templates = templates.ToList();
        _width = width;
    }

    /// <summary>The labels of <paramref name="queries"/>, on all cores.</summary>
    public string[] Predict(IReadOnlyList<float[]> queries)
    {
        var labels = new string[queries.Count];
        Parallel.For(0, queries.Count, () => new double[2][], (q, _, rows) =>
        {
            double best = double.PositiveInfinity;
            foreach (var (frames, label) in _templates)
            {
                double distance = Distance(queries[q], frames, rows, best);
                if (distance < best) (best, labels[q]) = (distance, label);
            }
            return rows;
        }, _ => { });
        return labels;
    }

    /// <summary>The normalised DTW distance, or +∞ as soon as it cannot be below <paramref name="bound"/>.</summary>
    private double Distance(float[] a, float[] b, double[][] rows, double bound)
    {
        int n = a.Length / _width, m = b.Length / _width;
        if (rows[0] == null || rows[0].Length < m + 1) (rows[0], rows[1]) = (new double[m + 1], new double[m + 1]);
        double[] previous = rows[0], current = rows[1];
        Array.Fill(previous, double.PositiveInfinity, 0, m + 1);
        previous[0] = 0;
        double limit = bound * (n + m);
        for (int i = 1; i <= n; i++)
        {
            current[0] = double.PositiveInfinity;
            double rowMinimum = double.PositiveInfinity;
            var x = a.AsSpan((i - 1) * _width, _width);
            for (int j = 1; j <= m; j++)
            {
                var y = b.AsSpan((j - 1) * _width, _width);
                double squared = 0;
                for (int k = 0; k < _width; k++) { double d = x[k] - y[k]; squared += d * d; }
                double cost = Math.Sqrt(squared) + Math.Min(previous[j - 1], Math.Min(previous[j], current[j - 1]));
                current[j] = cost;
                if (cost < rowMinimum) rowMinimum = cost;
            }
            // Every path crosses this row: if its cheapest cell is already over the bound, so is the whole path.
            if (rowMinimum >= limit) return double.PositiveInfinity;
            (previous, current) = (current, previous);
        }
        return previous[m] / (n + m);
    }
}
