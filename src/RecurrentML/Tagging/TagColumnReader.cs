using Microsoft.ML;
using Microsoft.ML.Data;

using RecurrentML.Data;

namespace RecurrentML.Tagging;

/// <summary>
/// Reads a row's tags as text from a vector column of Text, or of keys mapped back to their text through the column's
/// KeyValues annotation (what <c>MapValueToKey</c> makes and a tagger's predicted keys carry), so that gold and predicted
/// tags compare as strings whichever form each column has.
/// </summary>
internal sealed class TagColumnReader
{
    private readonly string _name;
    private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>> _text;
    private readonly ValueGetter<VBuffer<uint>> _keys;
    private readonly string[] _keyValues;
    private VBuffer<ReadOnlyMemory<char>> _textBuffer;
    private VBuffer<uint> _keyBuffer;

    public TagColumnReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        _name = column.Name;
        if (IsKeyVector(column.Type))
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.GetKeyValues(ref values);
            _keyValues = values.DenseValues().Select(v => v.ToString()).ToArray();
            _keys = cursor.GetGetter<VBuffer<uint>>(column);
        }
        else
        {
            _text = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        }
    }

    /// <summary>Finds a tag column and checks that it is a vector of Text, or of UInt32 keys with text key values.</summary>
    /// <param name="schema">The data's schema.</param>
    /// <param name="name">The column's name.</param>
    /// <param name="role">What the column holds, for messages: "Gold tag" or "Predicted tag".</param>
    /// <param name="parameterName">The argument that named the column.</param>
    public static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string parameterName)
    {
        var column = schema.GetColumnOrNull(name) ?? throw MissingColumn.Error("data", role, name, $"the {parameterName} argument", schema);
        if (column.Type is VectorDataViewType { ItemType: TextDataViewType }) return column;
        if (!IsKeyVector(column.Type))
            throw new ArgumentOutOfRangeException(parameterName,
                $"{role} column '{name}' has type {column.Type}; expected a vector of Text (tags as text) or of Key<UInt32> (tags mapped by MapValueToKey).");
        if (!column.HasKeyValues())
            throw new ArgumentOutOfRangeException(parameterName,
                $"{role} column '{name}' is a vector of keys without key values; expected the tag of each key in its KeyValues annotation, as MapValueToKey writes it.");
        return column;
    }

    /// <summary>The current row's tags.</summary>
    /// <param name="row">The row's 0-based position, for messages.</param>
    public string[] Read(long row)
    {
        if (_text != null)
        {
            _text(ref _textBuffer);
            return _textBuffer.DenseValues().Select(t => t.ToString()).ToArray();
        }
        _keys(ref _keyBuffer);
        var tags = new string[_keyBuffer.Length];
        int position = 0;
        foreach (uint key in _keyBuffer.DenseValues())
        {
            if (key == 0 || key > _keyValues.Length)
                throw new ArgumentException($"Row {row} of column '{_name}' holds key {key} at position {position}, which has no tag " +
                    $"({(key == 0 ? "key 0 is a missing value" : $"the column's key values cover keys 1 to {_keyValues.Length}")}); expected a key of one of its {_keyValues.Length} tags.", "data");
            tags[position++] = _keyValues[key - 1];
        }
        return tags;
    }

    private static bool IsKeyVector(DataViewType type) => type is VectorDataViewType { ItemType: KeyDataViewType { RawType: var raw } } && raw == typeof(uint);
}
