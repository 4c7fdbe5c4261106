using Microsoft.VisualBasic.FileIO;

namespace RecurrentML.Quality;

/// <summary>
/// The IMDB reviews (Maas et al. 2011) as the shared data folder holds them: RFC 4180 CSV, header
/// <c>label,id,rating,text</c>, label <c>pos</c> or <c>neg</c>, texts quoted (they hold commas, quotes and line breaks).
/// </summary>
internal static class ImdbReviews
{
    private static readonly string[] Header = { "label", "id", "rating", "text" };

    /// <summary>The file's reviews in file order, at most <paramref name="limit"/>.</summary>
    /// <exception cref="InvalidDataException">The file breaks the layout; the message names the file and line.</exception>
    public static List<TextRow> Read(string path, int limit = int.MaxValue)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist; pass the IMDB folder with --imdb (README.md says where to download the reviews).", path);
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields();
        if (header == null || !header.SequenceEqual(Header))
            throw new InvalidDataException($"{path} line 1: the header is '{string.Join(',', header ?? Array.Empty<string>())}', expected '{string.Join(',', Header)}'.");
        var rows = new List<TextRow>();
        while (!parser.EndOfData && rows.Count < limit)
        {
            long line = parser.LineNumber;
            var fields = parser.ReadFields();
            if (fields.Length != Header.Length) throw new InvalidDataException($"{path} line {line}: {fields.Length} fields, expected {Header.Length}.");
            if (fields[0] is not ("pos" or "neg")) throw new InvalidDataException($"{path} line {line}: label is '{fields[0]}', expected 'pos' or 'neg'.");
            rows.Add(new TextRow { Text = fields[3], Label = fields[0] == "pos" });
        }
        return rows;
    }
}
