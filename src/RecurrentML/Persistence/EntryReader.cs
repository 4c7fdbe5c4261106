using System.Runtime.InteropServices;
using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>
/// Reads the values a model entry is made of, checking each against its allowed range and every declared size against
/// the bytes present before allocating for it, so that a bad file gives an <see cref="InvalidDataException"/> that
/// names the entry (<see cref="Entry"/>) and what is wrong. Writes are in <see cref="EntryWriter"/>.
/// </summary>
internal sealed class EntryReader
{
    public EntryReader(BinaryReader reader, string entry)
    {
        Reader = reader;
        Entry = entry;
    }

    public BinaryReader Reader { get; }

    /// <summary>Reads an entry with <paramref name="read"/>, turning the reader's own errors into messages that name
    /// the entry: the end of the bytes before the weights end, or a string whose length prefix is damaged.</summary>
    public static T Read<T>(BinaryReader binary, string entry, Func<EntryReader, T> read)
    {
        try
        {
            return read(new EntryReader(binary, entry));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{entry} is truncated: it ends before its weights do.", e);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            // BinaryReader's own errors for a string whose length prefix is damaged.
            throw new InvalidDataException($"{entry} holds a string that cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The entry's name for messages, e.g. "The recurrent encoder's model entry".</summary>
    public string Entry { get; }

    public InvalidDataException Invalid(string what) => new($"{Entry} {what}");

    public int Int(string what, int min, int max)
    {
        int value = Reader.ReadInt32();
        if (value < min || value > max) throw Invalid($"has {what} {value}; expected {min} to {max}.");
        return value;
    }

    public T Enum<T>(string what) where T : struct, Enum
    {
        int value = Reader.ReadInt32();
        if (!System.Enum.IsDefined(typeof(T), value))
            throw Invalid($"has {what} {value}; expected one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return (T)(object)value;
    }

    /// <summary>Reads <paramref name="count"/> floats in chunks, so a declared size larger than the file fails at the
    /// end of the data instead of allocating the declared size up front.</summary>
    public float[] Floats(long count, string name)
    {
        if (count > Array.MaxLength) throw new InvalidDataException($"{Entry}'s weight '{name}' declares {count} values, more than an array can hold.");
        const int Chunk = 1 << 16;
        var chunks = new List<float[]>();
        long remaining = count;
        var bytes = new byte[Chunk * sizeof(float)];
        while (remaining > 0)
        {
            int take = (int)Math.Min(Chunk, remaining);
            int read = Reader.Read(bytes, 0, take * sizeof(float));
            while (read < take * sizeof(float))
            {
                int more = Reader.Read(bytes, read, take * sizeof(float) - read);
                if (more == 0) throw Invalid($"ends inside weight '{name}' ({count} values declared).");
                read += more;
            }
            chunks.Add(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, take * sizeof(float))).ToArray());
            remaining -= take;
        }
        var values = new float[count];
        long offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(values, offset);
            offset += chunk.Length;
        }
        return values;
    }

    /// <summary><see cref="Floats"/> of a weight, which must all be finite numbers within ±<see cref="WeightLimit.MaxMagnitude"/>:
    /// a NaN or infinity would load and score NaN, and a value beyond the limit, which training never produces, can
    /// overflow when scoring.</summary>
    public float[] WeightValues(long count, string name)
    {
        var values = FiniteFloats(count, name);
        int beyond = Array.FindIndex(values, v => !WeightLimit.Holds(v));
        if (beyond >= 0)
            throw Invalid($"holds {values[beyond]:G9} in weight '{name}' at index {beyond}; training keeps every weight within " +
                $"±{WeightLimit.MaxMagnitude:G} (it stops as diverged beyond that), so the file was altered or written by something else.");
        return values;
    }

    /// <summary><see cref="Floats"/>, which must all be finite: a NaN or infinity would load and score NaN.</summary>
    public float[] FiniteFloats(long count, string name)
    {
        var values = Floats(count, name);
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
            throw Invalid($"holds {Describe(values[bad])} in weight '{name}' at index {bad}; every weight must be a finite number.");
        return values;
    }

    private static string Describe(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";

    /// <summary>The training history as <see cref="EntryWriter.History"/> wrote it.</summary>
    public List<EpochReport> History()
    {
        int epochs = Int("training history length", 0, 10_000_000);
        var history = new List<EpochReport>();
        for (int i = 0; i < epochs; i++)
            history.Add(new EpochReport(Reader.ReadInt32(), Reader.ReadDouble(), Reader.ReadDouble(), Reader.ReadDouble(), Reader.ReadString(), Reader.ReadDouble()));
        return history;
    }

    /// <summary>The weights as <see cref="EntryWriter.Weights"/> wrote them, which must be <paramref name="expected"/>'s
    /// names and shapes in order; <paramref name="network"/> names the network in messages ("a Lstm network of this shape").</summary>
    public List<NamedWeight> Weights(IReadOnlyList<(string Name, long[] Shape)> expected, string network)
    {
        int count = Reader.ReadInt32();
        if (count != expected.Count) throw Invalid($"holds {count} weights; {network} has {expected.Count}.");
        var weights = new List<NamedWeight>(count);
        foreach (var (name, shape) in expected)
        {
            string foundName = Reader.ReadString();
            int rank = Int($"rank of '{foundName}'", 0, 8);
            var foundShape = new long[rank];
            for (int d = 0; d < rank; d++) foundShape[d] = Reader.ReadInt64();
            if (foundName != name || !foundShape.SequenceEqual(shape))
                throw Invalid($"has weight '{foundName}' [{string.Join(", ", foundShape)}] where '{name}' [{string.Join(", ", shape)}] was expected.");
            long values = shape.Aggregate(1L, (a, b) => a * b);
            weights.Add(new NamedWeight(name, shape, WeightValues(values, name)));
        }
        return weights;
    }
}
