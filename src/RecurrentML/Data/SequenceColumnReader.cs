using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>
/// Reads the current row of a sequence column into a reusable buffer, applying the vocabulary and truncation rules
/// of a <see cref="SequenceFormat"/>. The returned span is valid until the next call.
/// </summary>
internal sealed class SequenceColumnReader
{
    private readonly SequenceFormat _format;
    private readonly string _columnName;
    private readonly DataViewRow _row;
    private readonly DataViewSchema.Column _column;
    // Made on first read: a reader reads one kind of column, and only the getter of its type exists.
    private ValueGetter<VBuffer<uint>> _keyGetter;
    private ValueGetter<VBuffer<float>> _floatGetter;
    private VBuffer<uint> _keys;
    private VBuffer<float> _floats;
    private int[] _tokens = Array.Empty<int>();
    private float[] _values = Array.Empty<float>();

    public SequenceColumnReader(DataViewRow row, DataViewSchema.Column column, SequenceFormat format)
    {
        _format = format;
        _columnName = column.Name;
        _row = row;
        _column = column;
    }

    /// <summary>Token ids of the current row (token input): key k is id k; key 0 and keys beyond the vocabulary are
    /// <see cref="SequenceFormat.UnknownToken"/>.</summary>
    public ReadOnlySpan<int> ReadTokens()
    {
        (_keyGetter ??= _row.GetGetter<VBuffer<uint>>(_column))(ref _keys);
        var (start, count) = Window(_keys.Length);
        if (_tokens.Length < count) _tokens = new int[Math.Max(count, 2 * _tokens.Length)];
        uint vocabulary = (uint)_format.VocabularySize;
        if (_keys.IsDense)
        {
            var keys = _keys.GetValues().Slice(start, count);
            for (int i = 0; i < count; i++) _tokens[i] = keys[i] <= vocabulary ? (int)keys[i] : SequenceFormat.UnknownToken;
        }
        else
        {
            // Implicit entries of a sparse key vector are key 0, the missing key.
            Array.Clear(_tokens, 0, count);
            var indices = _keys.GetIndices();
            var keys = _keys.GetValues();
            for (int i = 0; i < indices.Length; i++)
            {
                int step = indices[i] - start;
                if (step >= 0 && step < count) _tokens[step] = keys[i] <= vocabulary ? (int)keys[i] : SequenceFormat.UnknownToken;
            }
        }
        return _tokens.AsSpan(0, count);
    }

    /// <summary>Float values of the current row (float input), FeaturesPerStep per step, standardised when the format says so.</summary>
    public ReadOnlySpan<float> ReadValues()
    {
        (_floatGetter ??= _row.GetGetter<VBuffer<float>>(_column))(ref _floats);
        int width = _format.FeaturesPerStep;
        if (_floats.Length % width != 0)
            throw new InvalidOperationException(
                $"Input column '{_columnName}' has {_floats.Length} values in row {_row.Position}, which FeaturesPerStep = {width} does not divide; " +
                "every row must hold a whole number of steps.");
        var (startStep, steps) = Window(_floats.Length / width);
        int count = steps * width;
        if (_values.Length < count) _values = new float[Math.Max(count, 2 * _values.Length)];
        var window = _values.AsSpan(0, count);
        if (_floats.IsDense) _floats.GetValues().Slice(startStep * width, count).CopyTo(window);
        else
        {
            window.Clear();
            var indices = _floats.GetIndices();
            var values = _floats.GetValues();
            for (int i = 0; i < indices.Length; i++)
            {
                int slot = indices[i] - startStep * width;
                if (slot >= 0 && slot < count) window[slot] = values[i];
            }
        }
        foreach (float v in window)
        {
            if (!float.IsFinite(v))
                throw new InvalidOperationException(
                    $"Input column '{_columnName}' has the value {v} in row {_row.Position}; expected finite floats (replace missing values first, e.g. with ReplaceMissingValues).");
        }
        _format.Standardization?.Apply(window);
        return window;
    }

    private (int Start, int Count) Window(int steps)
    {
        if (steps <= _format.MaxLength) return (0, steps);
        return _format.Truncation == TruncationSide.Start ? (steps - _format.MaxLength, _format.MaxLength) : (0, _format.MaxLength);
    }
}
