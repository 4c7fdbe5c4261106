using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Data;

/// <summary>
/// Reads a long-form data view (one row per series and time step) into <see cref="PanelSeries"/>, checking what a
/// global forecaster needs: an id and an integer time on every row, no step repeated or skipped within a series, a
/// value on every row up to the series' last observed one, covariates present where they are read, and static
/// covariates constant per series. A bad column is an <see cref="ArgumentOutOfRangeException"/> naming it, its type
/// and the types expected; bad data an <see cref="InvalidDataException"/> naming the series, the time and the column.
/// </summary>
internal static class LongFormPanel
{
    public static List<PanelSeries> Read(IDataView data, RecurrentForecasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        var schema = data.Schema;
        var id = Column(schema, options.SeriesIdColumnName, "series id", IdTypes);
        var time = Column(schema, options.TimeColumnName, "time", TimeTypes);
        var value = Column(schema, options.ValueColumnName, "value", NumberTypes);
        var past = options.PastCovariateColumnNames.Select(c => Column(schema, c, "past covariate", NumberTypes)).ToArray();
        var future = options.FutureCovariateColumnNames.Select(c => Column(schema, c, "future covariate", NumberTypes)).ToArray();
        var statics = options.StaticCovariateColumnNames.Select(c => Column(schema, c, "static covariate", StaticTypes)).ToArray();

        var rows = new Dictionary<string, List<Row>>();
        var order = new List<string>();
        using (var cursor = data.GetRowCursor(new[] { id, time, value }.Concat(past).Concat(future).Concat(statics)))
        {
            var getId = TextGetter(cursor, id);
            var getTime = TimeGetter(cursor, time);
            var getValue = NumberGetter(cursor, value);
            var getPast = past.Select(c => NumberGetter(cursor, c)).ToArray();
            var getFuture = future.Select(c => NumberGetter(cursor, c)).ToArray();
            var getStatic = statics.Select(c => c.Type is TextDataViewType ? (Func<object>)TextGetter(cursor, c) : Boxed(NumberGetter(cursor, c))).ToArray();
            while (cursor.MoveNext())
            {
                string series = getId();
                if (!rows.TryGetValue(series, out var list))
                {
                    rows[series] = list = new List<Row>();
                    order.Add(series);
                }
                double at = getTime();
                if (!double.IsFinite(at) || at != Math.Floor(at))
                    throw new InvalidDataException($"Series '{series}' has the time {at} in column '{time.Name}'; expected a whole number.");
                list.Add(new Row((long)at, getValue(), getPast.Select(g => (float)g()).ToArray(), getFuture.Select(g => (float)g()).ToArray(),
                    getStatic.Select(g => g()).ToArray()));
            }
        }
        if (order.Count == 0) throw new InvalidDataException("The data has no rows; expected one row per series and time step.");
        return order.Select(s => Assemble(s, rows[s], options)).ToList();
    }

    private sealed record Row(long Time, double Value, float[] Past, float[] Future, object[] Static);

    private static PanelSeries Assemble(string id, List<Row> rows, RecurrentForecasterOptions options)
    {
        rows.Sort((a, b) => a.Time.CompareTo(b.Time));
        for (int i = 1; i < rows.Count; i++)
            if (rows[i].Time != rows[i - 1].Time + 1)
                throw new InvalidDataException(rows[i].Time == rows[i - 1].Time
                    ? $"Series '{id}' has two rows at time {rows[i].Time} (column '{options.TimeColumnName}'); expected one row per series and step."
                    : $"Series '{id}' skips from time {rows[i - 1].Time} to {rows[i].Time} (column '{options.TimeColumnName}'); expected consecutive steps (add the missing rows).");
        int observed = rows.FindLastIndex(r => !double.IsNaN(r.Value)) + 1;
        if (observed == 0) throw new InvalidDataException($"Series '{id}' has no value in column '{options.ValueColumnName}'; expected at least one observed value.");
        for (int t = 0; t < rows.Count; t++)
        {
            var row = rows[t];
            if (t < observed && !double.IsFinite(row.Value))
                throw new InvalidDataException($"Series '{id}' has the value {row.Value} at time {row.Time} (column '{options.ValueColumnName}'), before its last observed value; " +
                    "expected a number (only the rows after a series' last value, which carry future covariates, may miss it).");
            for (int k = 0; k < row.Past.Length && t < observed; k++)
                if (!float.IsFinite(row.Past[k]))
                    throw new InvalidDataException($"Series '{id}' has the past covariate {row.Past[k]} at time {row.Time} (column '{options.PastCovariateColumnNames[k]}'); expected a number on every observed row.");
            for (int k = 0; k < row.Future.Length; k++)
                if (!float.IsFinite(row.Future[k]))
                    throw new InvalidDataException($"Series '{id}' has the future covariate {row.Future[k]} at time {row.Time} (column '{options.FutureCovariateColumnNames[k]}'); expected a number on every row.");
            for (int k = 0; k < row.Static.Length; k++)
                if (!Equals(row.Static[k], rows[0].Static[k]))
                    throw new InvalidDataException($"Series '{id}' has the static covariate '{row.Static[k]}' at time {row.Time} but '{rows[0].Static[k]}' at time {rows[0].Time} (column '{options.StaticCovariateColumnNames[k]}'); expected one value per series.");
        }
        var statics = rows[0].Static;
        return new PanelSeries(id, rows[0].Time, rows.Select(r => r.Value).ToArray(), observed,
            rows.Select(r => r.Past).ToArray(), rows.Select(r => r.Future).ToArray(),
            statics.Select(s => s as string).ToArray(), statics.Select(s => s is double d ? d : double.NaN).ToArray());
    }

    private static readonly Type[] NumberTypes = [typeof(float), typeof(double)];
    private static readonly Type[] TimeTypes = [typeof(int), typeof(long), typeof(uint), typeof(float), typeof(double)];
    private static readonly Type[] IdTypes = [typeof(ReadOnlyMemory<char>), typeof(int), typeof(long), typeof(uint)];
    private static readonly Type[] StaticTypes = [typeof(ReadOnlyMemory<char>), typeof(float), typeof(double)];

    private static DataViewSchema.Column Column(DataViewSchema schema, string name, string role, Type[] allowed)
    {
        var column = schema.GetColumnOrNull(name);
        string expected = string.Join(" or ", allowed.Select(TypeName));
        if (column == null) throw new ArgumentOutOfRangeException(name, $"The {role} column '{name}' is not in the data; expected a column of {expected}.");
        if (!allowed.Contains(column.Value.Type.RawType))
            throw new ArgumentOutOfRangeException(name, $"The {role} column '{name}' is {column.Value.Type}; expected {expected}.");
        return column.Value;
    }

    private static string TypeName(Type type) => type == typeof(ReadOnlyMemory<char>) ? "String" : type.Name;

    private static Func<string> TextGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () => { text(ref value); return value.ToString(); };
        }
        var integer = IntegerGetter(cursor, column);
        return () => integer().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Func<long> IntegerGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type.RawType)
        {
            case var t when t == typeof(int): { var g = cursor.GetGetter<int>(column); int v = 0; return () => { g(ref v); return v; }; }
            case var t when t == typeof(uint): { var g = cursor.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
            default: { var g = cursor.GetGetter<long>(column); long v = 0; return () => { g(ref v); return v; }; }
        }
    }

    private static Func<object> Boxed(Func<double> number) => () => number();

    private static Func<double> TimeGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(float) || column.Type.RawType == typeof(double)) return NumberGetter(cursor, column);
        var integer = IntegerGetter(cursor, column);
        return () => integer();
    }

    private static Func<double> NumberGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type.RawType == typeof(float)) { var g = cursor.GetGetter<float>(column); float v = 0; return () => { g(ref v); return v; }; }
        var d = cursor.GetGetter<double>(column);
        double x = 0;
        return () => { d(ref x); return x; };
    }
}
