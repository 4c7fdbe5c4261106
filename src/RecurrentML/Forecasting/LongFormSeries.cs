using RecurrentML.Data;
using Microsoft.ML;

namespace RecurrentML.Forecasting;

/// <summary>
/// Reads many series from rows in long form, one value per row: a series id, a time index and the value, in any row
/// order (as a database or a CSV of sales per store and month holds them). Each series comes out in time order, the
/// shape <see cref="Backtest"/> takes. A series must have one value per time step with no gaps: a repeated or missing
/// time step, or a value that is not a finite number, is an error naming the series, the time and the column.
/// </summary>
public static class LongFormSeries
{
    /// <param name="data">The rows.</param>
    /// <param name="seriesColumnName">The series id: Text or an integer type.</param>
    /// <param name="timeColumnName">The time index: Int32, Int64, UInt32, Single or Double holding whole numbers.</param>
    /// <param name="valueColumnName">The value: Single or Double.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of a type not listed.</exception>
    /// <exception cref="InvalidDataException">A series repeats or skips a time step, or has a missing or infinite value.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Read(IDataView data, string seriesColumnName = "Series",
        string timeColumnName = "Time", string valueColumnName = "Value")
    {
        var panel = LongFormPanel.Read(data, new RecurrentForecasterOptions
            { SeriesIdColumnName = seriesColumnName, TimeColumnName = timeColumnName, ValueColumnName = valueColumnName });
        var result = new Dictionary<string, IReadOnlyList<double>>();
        foreach (var series in panel)
        {
            if (series.Observed < series.Rows)
                throw new InvalidDataException($"Series '{series.Id}' has the value NaN at time {series.FirstTime + series.Observed} (column '{valueColumnName}'); " +
                    "expected a finite number (fill or drop missing values first).");
            result[series.Id] = series.Values;
        }
        return result;
    }
}
