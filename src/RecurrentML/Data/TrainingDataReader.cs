using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>Reads the sequence and label columns of a training view into a <see cref="SequenceStore"/>, in one pass,
/// with each stored row's id (so cross-fitting can find the row again when the same view is transformed).
/// Rows whose label is missing (the label getter, the target's reader, returns NaN) are skipped and counted.</summary>
internal static class TrainingDataReader
{
    public static (SequenceStore Store, DataViewRowId[] RowIds, long SkippedRows) Read(IDataView data, DataViewSchema.Column sequenceColumn,
        SequenceFormat format, DataViewSchema.Column labelColumn, Func<DataViewRow, DataViewSchema.Column, Func<float>> labelGetter)
    {
        var store = new SequenceStore(format);
        long skipped = 0;
        using var cursor = data.GetRowCursor(new[] { sequenceColumn, labelColumn });
        var reader = new SequenceColumnReader(cursor, sequenceColumn, format);
        var label = labelGetter(cursor, labelColumn);
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
}
