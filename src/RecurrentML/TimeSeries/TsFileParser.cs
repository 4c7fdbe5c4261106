using System.Globalization;

namespace RecurrentML.TimeSeries;

/// <summary>
/// Parses the sktime/UEA <c>.ts</c> text format: <c>#</c> comment lines, <c>@</c> header tags, then after <c>@data</c> one
/// case per line, <c>d1_v1,d1_v2,...:d2_v1,...:label</c>. Dimensions are separated by <c>:</c>, steps by <c>,</c>; the
/// last field is the label when the header declares one. The file is dimension-major; the parsed cases are step-major
/// (value of dimension d at step t at index t * dimensions + d), the layout the recurrent encoders read.
/// Every problem is an <see cref="InvalidDataException"/> naming the file, the line and the column.
/// </summary>
internal static class TsFileParser
{
    public static TsFileContents Parse(string path, bool allowMissingValues)
    {
        if (path == null) throw new ArgumentNullException(nameof(path));
        if (!File.Exists(path)) throw new FileNotFoundException($"The .ts file '{path}' does not exist.", path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var header = new TsHeader();
        var cases = new List<TsCase>();
        bool inData = false;
        int lineNumber = 0;
        string line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            if (!inData)
            {
                if (trimmed[0] != '@')
                    throw Error(path, lineNumber, 1, $"expected a '#' comment or an '@' header tag before @data (is the @data line missing?), found '{Shorten(trimmed)}'");
                inData = header.Read(trimmed, (column, message) => Error(path, lineNumber, column, message));
                continue;
            }
            cases.Add(ParseCase(line, header, allowMissingValues, (column, message) => Error(path, lineNumber, column, message)));
        }
        if (!inData) throw new InvalidDataException($"The .ts file '{path}' has no @data line: a header ending in @data must come before the cases.");
        if (cases.Count == 0) throw new InvalidDataException($"The .ts file '{path}' has no cases after its @data line (line count {lineNumber}).");
        return new TsFileContents(header.ProblemName, header.Dimensions.Value, header.LabelKind, header.ClassLabels, cases);
    }

    private static TsCase ParseCase(string line, TsHeader header, bool allowMissingValues, Func<int, string, Exception> error)
    {
        var fields = Fields(line, ':');
        string label = null;
        int labelColumn = 0;
        if (header.LabelKind != TsLabelKind.None)
        {
            if (fields.Count < 2) throw error(1, $"expected dimensions and a label separated by ':', found {fields.Count} field");
            (labelColumn, label) = fields[^1];
            fields.RemoveAt(fields.Count - 1);
            label = label.Trim();
        }
        header.Dimensions ??= fields.Count;
        int expectedDimensions = header.Dimensions.Value;
        if (fields.Count != expectedDimensions)
            throw error(1, $"the case has {fields.Count} dimensions; expected {expectedDimensions} ({header.DimensionsSource})");

        var dimensions = new List<float[]>(fields.Count);
        foreach (var (start, text) in fields)
        {
            var steps = Fields(text, ',');
            var values = new float[steps.Count];
            for (int t = 0; t < steps.Count; t++)
            {
                var (offset, raw) = steps[t];
                var value = raw.Trim();
                int column = start + offset - 1;
                if (value.Length == 0)
                    throw error(column, $"dimension {dimensions.Count + 1}, step {t + 1} is empty; expected a number");
                if (value == "?" || value.Equals("NaN", StringComparison.OrdinalIgnoreCase))
                {
                    if (!allowMissingValues)
                        throw error(column, $"dimension {dimensions.Count + 1}, step {t + 1} is missing ('{value}'); pass allowMissingValues: true to read it as NaN " +
                            "and replace it afterwards (e.g. with ReplaceMissingValues)");
                    values[t] = float.NaN;
                    continue;
                }
                if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out values[t]) || !float.IsFinite(values[t]))
                    throw error(column, $"dimension {dimensions.Count + 1}, step {t + 1} is '{Shorten(value)}'; expected a finite number such as -0.5 or 1e-3");
            }
            dimensions.Add(values);
        }
        int length = dimensions[0].Length;
        for (int d = 1; d < dimensions.Count; d++)
            if (dimensions[d].Length != length)
                throw error(fields[d].Start, $"dimension {d + 1} has {dimensions[d].Length} steps but dimension 1 has {length}; every dimension of a case needs the same length");
        if (header.EqualLength && header.SeriesLength is int declared && length != declared)
            throw error(1, $"the case has {length} steps; expected {declared} (@seriesLength {declared} with @equalLength true)");

        var stepMajor = new float[length * dimensions.Count];
        for (int d = 0; d < dimensions.Count; d++)
            for (int t = 0; t < length; t++)
                stepMajor[t * dimensions.Count + d] = dimensions[d][t];

        if (header.LabelKind == TsLabelKind.Class && !header.ClassLabels.Contains(label))
            throw error(labelColumn, $"the label '{Shorten(label)}' is not one of the @classLabel values {string.Join(", ", header.ClassLabels)}");
        float target = float.NaN;
        if (header.LabelKind == TsLabelKind.Target && !float.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out target))
            throw error(labelColumn, $"the target '{Shorten(label)}' is not a number (@targetLabel true)");
        return new TsCase(stepMajor, length, label, target);
    }

    /// <summary>Splits on a separator, keeping each field's 1-based column in the line.</summary>
    private static List<(int Start, string Text)> Fields(string text, char separator)
    {
        var fields = new List<(int, string)>();
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != separator) continue;
            fields.Add((start + 1, text.Substring(start, i - start)));
            start = i + 1;
        }
        return fields;
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static InvalidDataException Error(string path, int line, int column, string message) =>
        new($"The .ts file '{path}', line {line}, column {column}: {message}.");
}
