using Xunit;

namespace RecurrentML.Tests.Package;

/// <summary>
/// A C# block of a README: every <c>```csharp</c> block must follow a <c>&lt;!-- program: name ... --&gt;</c> line,
/// which says the block is a complete program (top-level statements with its usings and inputs) that a user can paste
/// into a new console app.
/// </summary>
/// <param name="Name">The marker's name, unique across the READMEs read.</param>
/// <param name="Readme">The README's path in the repository.</param>
/// <param name="Line">The 1-based line of the block's opening fence, for messages.</param>
/// <param name="Code">The block's text.</param>
public sealed record ReadmeProgram(string Name, string Readme, int Line, string Code)
{
    private const string Marker = "<!-- program: ";

    /// <summary>Every C# block of <paramref name="readme"/>, each checked to be marked as a program.</summary>
    public static IReadOnlyList<ReadmeProgram> Read(string repository, string readme)
    {
        var lines = File.ReadAllLines(Path.Combine(repository, readme));
        var programs = new List<ReadmeProgram>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            string marker = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            Assert.True(marker.StartsWith(Marker),
                $"{readme} line {i + 1}: a C# block without a '{Marker}name -->' line before it; every block must be a complete program a user can paste");
            string name = marker[Marker.Length..].Split(' ', ';')[0];
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.True(end > i, $"{readme} line {i + 1}: the C# block '{name}' is not closed");
            programs.Add(new ReadmeProgram(name, readme, i + 1, string.Join('\n', lines[(i + 1)..end]) + '\n'));
            i = end;
        }
        return programs;
    }

    public override string ToString() => $"{Readme} line {Line} (program '{Name}')";
}
