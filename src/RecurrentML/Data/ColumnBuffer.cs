using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>
/// Holds the values of one pass-through column for a block of rows read ahead from a cursor, so the batching cursor
/// can keep serving the column after it has moved its source past those rows. Vector values are deep-copied: a
/// source may reuse its buffers from row to row.
/// </summary>
internal abstract class ColumnBuffer
{
    public static ColumnBuffer Create(DataViewRow source, DataViewSchema.Column column, int capacity)
    {
        Type raw = column.Type.RawType;
        Type buffer = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
            ? typeof(VectorColumnBuffer<>).MakeGenericType(raw.GetGenericArguments()[0])
            : typeof(ValueColumnBuffer<>).MakeGenericType(raw);
        return (ColumnBuffer)Activator.CreateInstance(buffer, source, column, capacity);
    }

    /// <summary>Copies the source's current value into <paramref name="slot"/>.</summary>
    public abstract void Fill(int slot);

    /// <summary>A getter that returns the value in the slot <paramref name="currentSlot"/> names at call time.</summary>
    public abstract Delegate Getter(Func<int> currentSlot);
}

internal sealed class ValueColumnBuffer<T> : ColumnBuffer
{
    private readonly ValueGetter<T> _source;
    private readonly T[] _values;

    public ValueColumnBuffer(DataViewRow source, DataViewSchema.Column column, int capacity)
    {
        _source = source.GetGetter<T>(column);
        _values = new T[capacity];
    }

    public override void Fill(int slot) => _source(ref _values[slot]);

    public override Delegate Getter(Func<int> currentSlot) => new ValueGetter<T>((ref T value) => value = _values[currentSlot()]);
}

internal sealed class VectorColumnBuffer<T> : ColumnBuffer
{
    private readonly ValueGetter<VBuffer<T>> _source;
    private readonly VBuffer<T>[] _values;
    private VBuffer<T> _read;

    public VectorColumnBuffer(DataViewRow source, DataViewSchema.Column column, int capacity)
    {
        _source = source.GetGetter<VBuffer<T>>(column);
        _values = new VBuffer<T>[capacity];
    }

    public override void Fill(int slot)
    {
        _source(ref _read);
        _read.CopyTo(ref _values[slot]);
    }

    public override Delegate Getter(Func<int> currentSlot) =>
        new ValueGetter<VBuffer<T>>((ref VBuffer<T> value) => _values[currentSlot()].CopyTo(ref value));
}
