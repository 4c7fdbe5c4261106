namespace TimeSeriesClassification;

/// <summary>
/// The classic reference classifier: each test series takes the label of its nearest training series under dynamic time
/// warping (full window; the distance between two steps is the squared Euclidean distance over all dimensions, the
/// "dependent" DTW of multivariate series). Computed here so that every set, including those without a published
/// DTW number, has the reference beside the recurrent pipelines.
/// </summary>
internal static class NearestNeighbourDtw
{
    public static double Accuracy(IReadOnlyList<LabelledSeries> train, IReadOnlyList<LabelledSeries> test, int dimensions)
    {
        int correct = 0;
        Parallel.For(0, test.Count, () => 0, (i, _, hits) =>
        {
            string nearest = null;
            double best = double.PositiveInfinity;
            foreach (var candidate in train)
            {
                double distance = Distance(candidate.Values, test[i].Values, dimensions, best);
                if (distance < best) (best, nearest) = (distance, candidate.Label);
            }
            return nearest == test[i].Label ? hits + 1 : hits;
        }, hits => Interlocked.Add(ref correct, hits));
        return (double)correct / test.Count;
    }

    /// <summary>DTW distance of two step-major series, by dynamic programming over one row of the cost matrix at a time;
    /// infinity as soon as a whole row exceeds <paramref name="abandonAbove"/> (every path crosses each row and costs
    /// only add, so the nearest neighbour found is the same, sooner).</summary>
    private static double Distance(float[] a, float[] b, int dimensions, double abandonAbove)
    {
        int n = a.Length / dimensions, m = b.Length / dimensions;
        var previous = new double[m + 1];
        var current = new double[m + 1];
        Array.Fill(previous, double.PositiveInfinity);
        previous[0] = 0;
        for (int i = 1; i <= n; i++)
        {
            current[0] = double.PositiveInfinity;
            double rowMinimum = double.PositiveInfinity;
            for (int j = 1; j <= m; j++)
            {
                double cost = 0;
                for (int d = 0; d < dimensions; d++)
                {
                    double difference = a[(i - 1) * dimensions + d] - b[(j - 1) * dimensions + d];
                    cost += difference * difference;
                }
                current[j] = cost + Math.Min(previous[j - 1], Math.Min(previous[j], current[j - 1]));
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }
            if (rowMinimum >= abandonAbove) return double.PositiveInfinity;
            (previous, current) = (current, previous);
        }
        return previous[m];
    }
}
