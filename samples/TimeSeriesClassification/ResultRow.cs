using System.Globalization;

namespace TimeSeriesClassification;

/// <summary>One line of the results table: a method's test accuracy on a set.</summary>
internal sealed record ResultRow(string Set, string Method, double Accuracy, double Seconds, string Note)
{
    public const string CsvHeader = "set,method,test_accuracy,seconds,note";

    public string ToCsv() => string.Join(',', Set, Method, Number(Accuracy, "F4"), Number(Seconds, "F1"), '"' + Note + '"');

    public string ToMarkdown() => $"| {Set} | {Method} | {Number(Accuracy, "F3")} | {(double.IsNaN(Seconds) ? "" : Number(Seconds, "F0"))} | {Note} |";

    public static string Markdown(IEnumerable<ResultRow> rows) =>
        "| set | method | test accuracy | seconds | settings or source |\n|---|---|---:|---:|---|\n" +
        string.Join('\n', rows.Select(r => r.ToMarkdown())) + "\n";

    private static string Number(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);
}
