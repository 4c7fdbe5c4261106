namespace RecurrentML.Quality;

/// <summary>
/// The layout of one tab-separated file of labelled texts, and its reader. Plain C#, no quoting: every set's texts
/// hold unbalanced <c>"</c> (a quoting reader silently joins rows; see the SOURCE.md files), and none holds a tab.
/// Records end at a line break only, so the C1 control characters inside some IMDb sentences stay in the text.
/// </summary>
/// <param name="Columns">Every column, in order; the header line must be exactly these when <paramref name="HasHeader"/>.</param>
/// <param name="TextColumn">The column read as <see cref="TextRow.Text"/>.</param>
/// <param name="LabelColumn">The column read as <see cref="TextRow.Label"/>: <paramref name="TrueValue"/> or <paramref name="FalseValue"/>.</param>
internal sealed record TextFileFormat(string[] Columns, bool HasHeader, string TextColumn, string LabelColumn, string TrueValue, string FalseValue)
{
    /// <summary>The file's rows in file order.</summary>
    /// <exception cref="InvalidDataException">The file breaks this layout; the message names the file, the line and what was found.</exception>
    public List<TextRow> Read(string path)
    {
        int text = Array.IndexOf(Columns, TextColumn), label = Array.IndexOf(Columns, LabelColumn);
        string layout = string.Join("<TAB>", Columns);
        var rows = new List<TextRow>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split('\t');
            if (HasHeader && number == 1)
            {
                if (!fields.SequenceEqual(Columns)) throw Invalid(path, number, $"the header is '{line.Replace("\t", "<TAB>")}', expected '{layout}'");
                continue;
            }
            if (fields.Length != Columns.Length) throw Invalid(path, number, $"{fields.Length} tab-separated fields, expected {Columns.Length} ('{layout}')");
            string value = fields[label];
            if (value != TrueValue && value != FalseValue) throw Invalid(path, number, $"{LabelColumn} is '{value}', expected '{TrueValue}' or '{FalseValue}'");
            rows.Add(new TextRow { Text = fields[text], Label = value == TrueValue });
        }
        if (rows.Count == 0) throw new InvalidDataException($"{path}: no data rows, expected lines '{layout}'{(HasHeader ? " after the header" : "")}.");
        return rows;
    }

    private static InvalidDataException Invalid(string path, int line, string problem) => new($"{path} line {line}: {problem}.");
}
