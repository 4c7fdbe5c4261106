using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>Reads every row of a token key column as ids (<see cref="SequenceColumnReader.ReadTokens"/>: key k is id k,
/// key 0 and keys beyond the vocabulary the unknown id), in the data's order, untruncated.</summary>
internal static class TokenRows
{
    public static List<int[]> Read(IDataView data, DataViewSchema.Column column, int vocabularySize)
    {
        var format = new SequenceFormat(SequenceKind.Tokens, vocabularySize, 1, int.MaxValue, TruncationSide.Start);
        var rows = new List<int[]>();
        using var cursor = data.GetRowCursor(new[] { column });
        var reader = new SequenceColumnReader(cursor, column, format);
        while (cursor.MoveNext()) rows.Add(reader.ReadTokens().ToArray());
        return rows;
    }

    /// <summary>The vocabulary of a key column: the text of each key from its KeyValues annotation, or the key numbers
    /// as text when it has none. Entry k - 1 is key k.</summary>
    public static string[] Vocabulary(DataViewSchema.Column column, int vocabularySize)
    {
        if (!column.HasKeyValues()) return Enumerable.Range(1, vocabularySize).Select(k => k.ToString()).ToArray();
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        var dense = values.DenseValues().Select(v => v.ToString()).ToArray();
        if (dense.Length != vocabularySize)
            throw new ArgumentOutOfRangeException(nameof(column),
                $"Input column '{column.Name}' has {vocabularySize} keys but {dense.Length} key values; expected one value per key.");
        return dense;
    }
}
