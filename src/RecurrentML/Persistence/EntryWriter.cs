using System.Runtime.InteropServices;
using RecurrentML.Model;

namespace RecurrentML.Persistence;

/// <summary>Writes the parts model entries share, as <see cref="EntryReader"/> reads them (little-endian, as
/// BinaryWriter writes).</summary>
internal static class EntryWriter
{
    // int: epochs, then for each: int epoch, double training loss, double validation loss, double validation metric,
    //      string metric name, double seconds
    public static void History(BinaryWriter writer, IReadOnlyList<EpochReport> history)
    {
        writer.Write(history.Count);
        foreach (var epoch in history)
        {
            writer.Write(epoch.Epoch);
            writer.Write(epoch.TrainingLoss);
            writer.Write(epoch.ValidationLoss);
            writer.Write(epoch.ValidationMetric);
            writer.Write(epoch.MetricName);
            writer.Write(epoch.Seconds);
        }
    }

    // int: weight count, then for each, in the network's parameter order:
    //      string name, int rank, long[rank] dimensions, float[product of dimensions] values
    public static void Weights(BinaryWriter writer, IReadOnlyList<NamedWeight> weights)
    {
        writer.Write(weights.Count);
        foreach (var weight in weights)
        {
            writer.Write(weight.Name);
            writer.Write(weight.Shape.Length);
            foreach (long dimension in weight.Shape) writer.Write(dimension);
            writer.Write(MemoryMarshal.AsBytes(weight.Values.AsSpan()));
        }
    }
}
