using System.Text.RegularExpressions;

namespace TextGeneration;

/// <summary>One paragraph of a novel: the rows a language model reads, in order.</summary>
public sealed class Paragraph
{
    public string Text { get; set; }
}

/// <summary>
/// Reads the novels as paragraphs (blocks of lines between blank lines), with punctuation set apart as words of its
/// own so that "fortune," is the word "fortune" and the token ",", and italics marks (_word_) removed. Lower-casing is
/// left to the pipeline's NormalizeText.
/// </summary>
public static partial class AustenText
{
    public static List<Paragraph> Read(IEnumerable<string> files)
    {
        var paragraphs = new List<Paragraph>();
        foreach (string file in files)
        {
            var lines = new List<string>();
            foreach (string line in File.ReadLines(file).Append(""))
            {
                if (line.Trim().Length > 0)
                {
                    lines.Add(line.Trim());
                    continue;
                }
                if (lines.Count > 0) paragraphs.Add(new Paragraph { Text = Words(string.Join(" ", lines)) });
                lines.Clear();
            }
        }
        return paragraphs;
    }

    /// <summary>The paragraph with each punctuation mark between spaces and no italics marks.</summary>
    public static string Words(string text) =>
        Spaces().Replace(Punctuation().Replace(text.Replace("_", ""), " $1 "), " ").Trim();

    [GeneratedRegex(@"(--|[.,;:!?""()])")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
