using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Forecasting;

/// <summary>
/// Reads many series from rows in long form, one value per row: a series id, a time index and the value, in any row
/// order (as a database or a CSV of sales per store and month holds them). Each series comes out in time order, the
/// shape <see cref="Backtest"/> takes. A series must have one value per time step with no gaps: a repeated or missing
/// time step, or a value that is not a finite number, is an error naming the series, the time and the row.
/// </summary>
public static class LongFormSeries
{
    /// <param name="data">The rows.</param>
    /// <param name="seriesColumnName">The series id: Text.</param>
    /// <param name="timeColumnName">The time index: Int32, Int64, Single or Double holding whole numbers.</param>
    /// <param name="valueColumnName">The value: Single or Double.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Read(IDataView data, string seriesColumnName = "Series",
        string timeColumnName = "Time", string valueColumnName = "Value")
    {
        ArgumentNullException.ThrowIfNull(data);
        var series = Column(data, seriesColumnName, "Series", "Text", t => t is TextDataViewType);
        var time = Column(data, timeColumnName, "Time", "Int32, Int64, Single or Double",
            t => t == NumberDataViewType.Int32 || t == NumberDataViewType.Int64 || t == NumberDataViewType.Single || t == NumberDataViewType.Double);
        var value = Column(data, valueColumnName, "Value", "Single or Double", t => t == NumberDataViewType.Single || t == NumberDataViewType.Double);

        var points = new Dictionary<string, List<(long Time, double Value, long Row)>>();
        using var cursor = data.GetRowCursor(new[] { series, time, value });
        var idGetter = cursor.GetGetter<ReadOnlyMemory<char>>(series);
        var timeGetter = NumberGetter(cursor, time);
        var valueGetter = NumberGetter(cursor, value);
        ReadOnlyMemory<char> id = default;
        while (cursor.MoveNext())
        {
            idGetter(ref id);
            string name = id.ToString();
            double at = timeGetter(), y = valueGetter();
            if (!double.IsFinite(at) || at != Math.Floor(at))
                throw new InvalidDataException($"Row {cursor.Position} of series '{name}' has the time {at} in column '{timeColumnName}'; expected a whole number.");
            if (!double.IsFinite(y))
                throw new InvalidDataException($"Row {cursor.Position} of series '{name}' has the value {y} at time {at} in column '{valueColumnName}'; expected a finite number (fill or drop missing values first).");
            if (!points.TryGetValue(name, out var list)) points[name] = list = new();
            list.Add(((long)at, y, cursor.Position));
        }

        var result = new Dictionary<string, IReadOnlyList<double>>();
        foreach (var (name, list) in points)
        {
            list.Sort((a, b) => a.Time.CompareTo(b.Time));
            for (int i = 1; i < list.Count; i++)
            {
                if (list[i].Time == list[i - 1].Time)
                    throw new InvalidDataException($"Series '{name}' has two values at time {list[i].Time} (rows {Math.Min(list[i - 1].Row, list[i].Row)} and {Math.Max(list[i - 1].Row, list[i].Row)}); expected one value per time step.");
                if (list[i].Time != list[i - 1].Time + 1)
                    throw new InvalidDataException($"Series '{name}' has no value between times {list[i - 1].Time} and {list[i].Time}; expected one value at every time step (fill the gap first).");
            }
            result[name] = list.Select(p => p.Value).ToArray();
        }
        return result;
    }

    private static DataViewSchema.Column Column(IDataView data, string name, string role, string expected, Func<DataViewType, bool> fits)
    {
        var column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(data), $"{role} column '{name}' was not found; the data has the columns {string.Join(", ", data.Schema.Select(c => $"'{c.Name}'"))}.");
        if (!fits(column.Type)) throw new ArgumentOutOfRangeException(nameof(data), $"{role} column '{name}' has type {column.Type}; expected {expected}.");
        return column;
    }

    private static Func<double> NumberGetter(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Int32) { var get = row.GetGetter<int>(column); int v = 0; return () => { get(ref v); return v; }; }
        if (column.Type == NumberDataViewType.Int64) { var get = row.GetGetter<long>(column); long v = 0; return () => { get(ref v); return v; }; }
        if (column.Type == NumberDataViewType.Single) { var get = row.GetGetter<float>(column); float v = 0; return () => { get(ref v); return v; }; }
        { var get = row.GetGetter<double>(column); double v = 0; return () => { get(ref v); return v; }; }
    }
}
