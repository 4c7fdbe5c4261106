using System.Globalization;

namespace RecurrentML.Quality;

/// <summary>The CSV fields the result files write: invariant-culture numbers (empty for NaN) and quoted text.</summary>
internal static class Csv
{
    public static string Number(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Text(string value) => '"' + (value ?? "").Replace("\"", "\"\"") + '"';
}
