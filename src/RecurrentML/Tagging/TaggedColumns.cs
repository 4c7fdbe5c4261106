using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Tagging;

/// <summary>Reads a tagger's columns: the tokens (a vector of Text) and the tags (a vector of keys, one per token, whose
/// type <see cref="Targets.StepTags"/> checks), checking that each row has one tag per token.</summary>
internal static class TaggedColumns
{
    /// <summary>The token column, or an exception naming it, the type found and the type expected.</summary>
    public static DataViewSchema.Column Tokens(DataViewSchema schema, string name, string parameter)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(parameter, $"Tokens column '{name}' was not found; the data has the columns {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
        if (column.Type is not VectorDataViewType { ItemType: TextDataViewType })
            throw new ArgumentOutOfRangeException(parameter, $"Tokens column '{name}' has type {column.Type}; expected Vector<String> (one token per item, e.g. a CoNLL reader's Tokens or TokenizeIntoWords' output).");
        return column;
    }

    /// <summary>Every row's tokens and 0-based tags; a row whose tag count differs from its token count, or with a
    /// missing tag (key 0), is an error naming the row.</summary>
    public static List<(string[] Tokens, long[] Tags)> ReadTraining(IDataView data, DataViewSchema.Column tokens, DataViewSchema.Column labels)
    {
        var rows = new List<(string[], long[])>();
        using var cursor = data.GetRowCursor(new[] { tokens, labels });
        var tokenGetter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(tokens);
        var labelGetter = cursor.GetGetter<VBuffer<uint>>(labels);
        VBuffer<ReadOnlyMemory<char>> words = default;
        VBuffer<uint> keys = default;
        while (cursor.MoveNext())
        {
            tokenGetter(ref words);
            labelGetter(ref keys);
            if (words.Length != keys.Length)
                throw new InvalidOperationException($"Row {cursor.Position} has {words.Length} tokens in column '{tokens.Name}' but {keys.Length} tags in column '{labels.Name}'; expected one tag per token.");
            var tags = new long[keys.Length];
            int position = 0;
            foreach (uint key in keys.DenseValues())
            {
                if (key == 0)
                    throw new InvalidOperationException($"Row {cursor.Position} has a missing tag (key 0) at token {position} in column '{labels.Name}'; every token needs a tag.");
                tags[position++] = key - 1;
            }
            rows.Add((words.DenseValues().Select(w => w.ToString()).ToArray(), tags));
        }
        return rows;
    }
}
