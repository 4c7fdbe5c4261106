namespace RecurrentML.TimeSeries;

/// <summary>What a <c>.ts</c> file declares about its labels.</summary>
internal enum TsLabelKind
{
    /// <summary>No label field (<c>@classLabel false</c>, no <c>@targetLabel</c>).</summary>
    None,
    /// <summary><c>@classLabel true ...</c>: the last field is one of the listed classes.</summary>
    Class,
    /// <summary><c>@targetLabel true</c>: the last field is a number (regression).</summary>
    Target,
}

/// <summary>One case: its values step-major, its step count and its label.</summary>
internal sealed record TsCase(float[] Values, int Length, string Label, float Target);

/// <summary>A parsed <c>.ts</c> file.</summary>
internal sealed record TsFileContents(string ProblemName, int Dimensions, TsLabelKind LabelKind, IReadOnlyList<string> ClassLabels, IReadOnlyList<TsCase> Cases);
