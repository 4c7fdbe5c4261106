using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>Reads the sequence and label columns of a training view into a <see cref="SequenceStore"/>, in one pass,
/// with each stored row's id (so cross-fitting can find the row again when the same view is transformed).
/// Rows whose label is missing (a NaN float, or key 0) are skipped and counted.</summary>
internal static class TrainingDataReader
{
    public static (SequenceStore Store, DataViewRowId[] RowIds, long SkippedRows) Read(IDataView data, DataViewSchema.Column sequenceColumn,
        SequenceFormat format, DataViewSchema.Column labelColumn, LabelFormat labelFormat)
    {
        var store = new SequenceStore(format);
        long skipped = 0;
        using var cursor = data.GetRowCursor(new[] { sequenceColumn, labelColumn });
        var reader = new SequenceColumnReader(cursor, sequenceColumn, format);
        var label = LabelGetter(cursor, labelColumn, labelFormat);
        var idGetter = cursor.GetIdGetter();
        var ids = new List<DataViewRowId>();
        while (cursor.MoveNext())
        {
            float y = label();
            if (float.IsNaN(y))
            {
                skipped++;
                continue;
            }
            store.AddCurrentRow(reader, y);
            DataViewRowId id = default;
            idGetter(ref id);
            ids.Add(id);
        }
        return (store, ids.ToArray(), skipped);
    }

    /// <summary>The label as a float: 0/1, class index 0..K-1, or the regression target; NaN when missing.</summary>
    private static Func<float> LabelGetter(DataViewRow row, DataViewSchema.Column column, LabelFormat format)
    {
        switch (format.Kind)
        {
            case LabelKind.Boolean:
            {
                var getter = row.GetGetter<bool>(column);
                bool value = false;
                return () => { getter(ref value); return value ? 1f : 0f; };
            }
            case LabelKind.Key:
            {
                var getter = row.GetGetter<uint>(column);
                uint value = 0;
                return () => { getter(ref value); return value == 0 ? float.NaN : value - 1; };
            }
            default:
            {
                var getter = row.GetGetter<float>(column);
                float value = 0;
                return () =>
                {
                    getter(ref value);
                    if (float.IsInfinity(value))
                        throw new InvalidOperationException($"Label column '{column.Name}' has the value {value} in row {row.Position}; expected finite floats or NaN (missing).");
                    return value;
                };
            }
        }
    }
}
