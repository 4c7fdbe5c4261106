using RecurrentML.Inputs;
using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>
/// The training rows in compact form: every row's steps concatenated in one growable array (token ids as int, or
/// floats), row offsets, and one float label per row. Memory grows with the real steps of the data, never with a
/// padded tensor of it.
/// </summary>
internal sealed class SequenceStore
{
    private int[] _tokens = new int[1024];
    private float[] _values = new float[1024];
    private long _used;
    private long[] _offsets = new long[257];
    private float[] _labels = new float[256];

    private readonly InputKind _input;

    public SequenceStore(SequenceFormat format)
    {
        Format = format;
        _input = InputKind.Of(format);
    }

    public SequenceFormat Format { get; }
    public int Count { get; private set; }

    public float Label(int row) => _labels[row];

    /// <summary>Steps in row <paramref name="row"/> (0 for an empty sequence).</summary>
    public int Steps(int row) => (int)((_offsets[row + 1] - _offsets[row]) / Format.FeaturesPerStep);

    public ReadOnlyMemory<int> Tokens(int row) => _tokens.AsMemory((int)_offsets[row], (int)(_offsets[row + 1] - _offsets[row]));

    public ReadOnlyMemory<float> Values(int row) => _values.AsMemory((int)_offsets[row], (int)(_offsets[row + 1] - _offsets[row]));

    public void AddTokens(ReadOnlySpan<int> tokens, float label)
    {
        EnsureRoom(ref _tokens, tokens.Length);
        tokens.CopyTo(_tokens.AsSpan((int)_used));
        AddRow(tokens.Length, label);
    }

    public void AddValues(ReadOnlySpan<float> values, float label)
    {
        EnsureRoom(ref _values, values.Length);
        values.CopyTo(_values.AsSpan((int)_used));
        AddRow(values.Length, label);
    }

    /// <summary>Standardises every stored float value in place.</summary>
    public void Standardize(FeatureStandardization standardization) => standardization.Apply(_values.AsSpan(0, (int)_used));

    /// <summary>Reads the reader's current row in, with <paramref name="label"/>.</summary>
    public void AddCurrentRow(SequenceColumnReader reader, float label) => _input.AddRow(reader, this, label);

    /// <summary>The rows <paramref name="rows"/> as one padded batch.</summary>
    public PaddedBatch Batch(IReadOnlyList<int> rows) => _input.Batch(this, rows);

    /// <summary>Forgets every row, keeping the buffers (a scoring block reuses one store).</summary>
    public void Clear()
    {
        _used = 0;
        Count = 0;
    }

    private void AddRow(int length, float label)
    {
        if (Count == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
            Array.Resize(ref _offsets, _labels.Length + 1);
        }
        _used += length;
        _labels[Count] = label;
        Count++;
        _offsets[Count] = _used;
    }

    private void EnsureRoom<T>(ref T[] buffer, int extra)
    {
        long needed = _used + extra;
        if (needed > Array.MaxLength)
            throw new InvalidOperationException($"The training data holds more than {Array.MaxLength} sequence values; lower MaxSequenceLength or train on fewer rows.");
        if (needed > buffer.Length) Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * buffer.Length)));
    }
}
