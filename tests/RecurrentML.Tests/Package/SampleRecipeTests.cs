using System.Text.RegularExpressions;
using Xunit;

namespace RecurrentML.Tests.Package;

/// <summary>
/// Each sample's README shows the code the sample runs: every <c>&lt;!-- recipe: File.cs --&gt;</c> marker in a sample's
/// README is followed by a C# block that equals, line for line (indentation and blank lines aside), the region of that
/// file between <c>// recipe:start</c> and <c>// recipe:end</c>. File reads only.
/// </summary>
public class SampleRecipeTests
{
    private static readonly Regex Recipe = new(@"<!-- recipe: (?<file>[^ ]+) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline);

    public static TheoryData<string> Samples()
    {
        var samples = new TheoryData<string>();
        foreach (string folder in Directory.GetDirectories(Path.Combine(RepositoryFiles.Root(), "samples")).Order())
            if (Directory.GetFiles(folder, "*.csproj").Length > 0) samples.Add(Path.GetFileName(folder));
        return samples;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_README_recipe_is_the_code_the_sample_runs(string sample)
    {
        string folder = Path.Combine(RepositoryFiles.Root(), "samples", sample);
        string readme = Path.Combine(folder, "README.md");
        Assert.True(File.Exists(readme), $"{sample} has no README.md");
        var recipes = Recipe.Matches(File.ReadAllText(readme).ReplaceLineEndings("\n"));
        Assert.True(recipes.Count > 0, $"{sample}/README.md has no '<!-- recipe: File.cs -->' marker followed by a csharp block");
        foreach (Match recipe in recipes)
        {
            string file = recipe.Groups["file"].Value;
            var shown = Lines(recipe.Groups["code"].Value);
            var run = Lines(Region(Path.Combine(folder, file), sample));
            int differing = Enumerable.Range(0, Math.Max(shown.Count, run.Count))
                .FirstOrDefault(i => i >= shown.Count || i >= run.Count || shown[i] != run[i], -1);
            if (differing >= 0)
                Assert.Fail($"{sample}: README recipe of {file} differs at its line {differing + 1} (blank lines aside):\n" +
                            $"  README:  {(differing < shown.Count ? shown[differing] : "(ends)")}\n" +
                            $"  {file}: {(differing < run.Count ? run[differing] : "(ends)")}");
        }
    }

    /// <summary>The repository README's forecasting program is the sample's recipe with its inputs around it: the
    /// recipe's lines appear in it, in order and together.</summary>
    [Fact]
    public void The_README_forecasting_program_runs_the_forecasting_sample_recipe()
    {
        string root = RepositoryFiles.Root();
        var program = Lines(ReadmeProgram.Read(root, "README.md").Single(p => p.Name == "forecasting").Code);
        var recipe = Lines(Region(Path.Combine(root, "samples", "Forecasting", "OneSeries.cs"), "Forecasting"));
        int start = program.IndexOf(recipe[0]);
        Assert.True(start >= 0 && program.Skip(start).Take(recipe.Count).SequenceEqual(recipe),
            $"README.md's forecasting program does not hold samples/Forecasting/OneSeries.cs's recipe lines together; its first line is:\n  {recipe[0]}");
    }

    [Fact]
    public void A_changed_line_is_found()
    {
        Assert.Equal(Lines("var a = 1;\n\n   var b =  2;\n"), Lines("var a = 1;\nvar b = 2;"));
        Assert.NotEqual(Lines("var a = 1;\nvar b = 2;"), Lines("var a = 1;\nvar b = 3;"));
    }

    private static string Region(string path, string sample)
    {
        Assert.True(File.Exists(path), $"{sample}: the README's recipe names {Path.GetFileName(path)}, which does not exist");
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int start = text.IndexOf("// recipe:start\n", StringComparison.Ordinal), end = text.IndexOf("// recipe:end", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{sample}: {Path.GetFileName(path)} has no '// recipe:start' ... '// recipe:end' region");
        Assert.True(text.IndexOf("// recipe:start", end, StringComparison.Ordinal) < 0, $"{sample}: {Path.GetFileName(path)} has more than one recipe region");
        return text[(start + "// recipe:start\n".Length)..end];
    }

    /// <summary>Each non-blank line with its runs of spaces and tabs made one space and its ends trimmed.</summary>
    private static List<string> Lines(string code) =>
        code.Split('\n').Select(line => Regex.Replace(line, @"[ \t]+", " ").Trim()).Where(line => line.Length > 0).ToList();
}
