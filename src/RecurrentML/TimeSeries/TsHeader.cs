namespace RecurrentML.TimeSeries;

/// <summary>The <c>@</c> tags of a <c>.ts</c> file that decide how its cases are read.</summary>
internal sealed class TsHeader
{
    public string ProblemName { get; private set; }
    public int? Dimensions { get; set; }
    public bool EqualLength { get; private set; }
    public int? SeriesLength { get; private set; }
    public TsLabelKind LabelKind { get; private set; }
    public IReadOnlyList<string> ClassLabels { get; private set; } = Array.Empty<string>();

    /// <summary>Where the expected dimension count comes from, for messages.</summary>
    public string DimensionsSource { get; private set; } = "as in the first case";

    /// <summary>Reads one tag line; returns true for <c>@data</c>. Unknown tags are ignored, as sktime's reader does.</summary>
    public bool Read(string line, Func<int, string, Exception> error)
    {
        var parts = line.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
        string tag = parts[0].ToLowerInvariant();
        string Value(int index) => index < parts.Length ? parts[index] : throw error(1, $"the tag {parts[0]} needs a value");
        switch (tag)
        {
            case "@data":
                return true;
            case "@problemname":
                ProblemName = line[parts[0].Length..].Trim();
                break;
            case "@timestamps":
                if (Bool(Value(1), parts[0], error))
                    throw error(1, "@timeStamps true (time-stamped values) is not supported; expected @timeStamps false");
                break;
            case "@univariate":
                if (Bool(Value(1), parts[0], error)) SetDimensions(1, "@univariate true", error);
                break;
            case "@dimensions":
                SetDimensions(PositiveInt(Value(1), parts[0], error), $"@dimensions {Value(1)}", error);
                break;
            case "@equallength":
                EqualLength = Bool(Value(1), parts[0], error);
                break;
            case "@serieslength":
                SeriesLength = PositiveInt(Value(1), parts[0], error);
                break;
            case "@classlabel":
                if (Bool(Value(1), parts[0], error))
                {
                    if (parts.Length < 3) throw error(1, "@classLabel true needs the class values after it, e.g. @classLabel true 1 2");
                    LabelKind = TsLabelKind.Class;
                    ClassLabels = parts[2..];
                }
                break;
            case "@targetlabel":
                if (Bool(Value(1), parts[0], error)) LabelKind = TsLabelKind.Target;
                break;
        }
        return false;
    }

    private void SetDimensions(int count, string source, Func<int, string, Exception> error)
    {
        if (Dimensions is int earlier && earlier != count)
            throw error(1, $"{source} contradicts {DimensionsSource}");
        Dimensions = count;
        DimensionsSource = source;
    }

    private static bool Bool(string value, string tag, Func<int, string, Exception> error) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw error(tag.Length + 2, $"{tag} is '{TsFileParser.Shorten(value)}'; expected true or false"),
    };

    private static int PositiveInt(string value, string tag, Func<int, string, Exception> error) =>
        int.TryParse(value, out int n) && n > 0 ? n : throw error(tag.Length + 2, $"{tag} is '{TsFileParser.Shorten(value)}'; expected a whole number > 0");
}
