using System.Runtime.InteropServices;

namespace RecurrentML.Data;

/// <summary>
/// Orders rows into training batches of similar length (so little compute goes to padding) while keeping epochs
/// random: rows are shuffled, cut into windows of <see cref="WindowBatches"/> batches, sorted by length inside each
/// window, cut into batches, and the batches shuffled. Seeded, so a seed gives the same plan every time.
/// </summary>
internal sealed class BatchPlanner
{
    /// <summary>Batches per sorting window: large enough to group lengths well, small enough to keep batches varied.</summary>
    private const int WindowBatches = 50;

    private readonly int _batchSize;
    private readonly Random _random;

    public BatchPlanner(int batchSize, int seed)
    {
        _batchSize = batchSize;
        _random = new Random(seed);
    }

    public List<int[]> PlanEpoch(IReadOnlyList<int> rows, Func<int, int> stepsOf)
    {
        var order = rows.ToArray();
        _random.Shuffle(order);
        var batches = new List<int[]>();
        int window = _batchSize * WindowBatches;
        for (int start = 0; start < order.Length; start += window)
        {
            var slice = order.AsSpan(start, Math.Min(window, order.Length - start)).ToArray();
            // A stable sort keeps the shuffled order among rows of equal length.
            var sorted = slice.OrderBy(stepsOf).ToArray();
            for (int b = 0; b < sorted.Length; b += _batchSize)
                batches.Add(sorted.AsSpan(b, Math.Min(_batchSize, sorted.Length - b)).ToArray());
        }
        _random.Shuffle(CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>Batches in a fixed order, for validation: sorted by length so padding is minimal.</summary>
    public static List<int[]> PlanInOrder(IReadOnlyList<int> rows, Func<int, int> stepsOf, int batchSize)
    {
        var sorted = rows.OrderBy(stepsOf).ToArray();
        var batches = new List<int[]>();
        for (int b = 0; b < sorted.Length; b += batchSize)
            batches.Add(sorted.AsSpan(b, Math.Min(batchSize, sorted.Length - b)).ToArray());
        return batches;
    }
}
