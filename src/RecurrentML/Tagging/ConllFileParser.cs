namespace RecurrentML.Tagging;

/// <summary>
/// Parses column CoNLL files, one token per line with its tag (WNUT-17: <c>token TAB tag</c>; CoNLL-2003: <c>token POS
/// chunk tag</c> separated by spaces) and a blank line after each sentence; the last sentence may end at the end of the
/// file instead. Fields are separated by TABs when the line has one, so that a token may hold a space, and otherwise by
/// runs of spaces; white space around a TAB-separated field is not part of it. Every token line of a file has the same number
/// of fields, at least two. Lines holding only spaces or TABs count as blank (WNUT-17's training file ends its sentences
/// with a lone TAB). <c>-DOCSTART-</c> lines mark a new document: they end any sentence and are not tokens. Every problem
/// is an <see cref="InvalidDataException"/> naming the file, the line and what was expected.
/// </summary>
internal static class ConllFileParser
{
    private const string DocumentStart = "-DOCSTART-";

    /// <param name="path">The file.</param>
    /// <param name="tokenColumn">The 0-based field holding the token.</param>
    /// <param name="tagColumn">The 0-based field holding the tag, or -1 for the last field.</param>
    public static IReadOnlyList<TaggedSentence> Parse(string path, int tokenColumn, int tagColumn)
    {
        if (path == null) throw new ArgumentNullException(nameof(path));
        if (tokenColumn < 0) throw new ArgumentOutOfRangeException(nameof(tokenColumn), $"tokenColumn is {tokenColumn}; expected a 0-based field index, 0 or more.");
        if (tagColumn < -1) throw new ArgumentOutOfRangeException(nameof(tagColumn), $"tagColumn is {tagColumn}; expected a 0-based field index, or -1 for the last field.");
        if (tagColumn == tokenColumn) throw new ArgumentOutOfRangeException(nameof(tagColumn), $"tagColumn and tokenColumn are both {tokenColumn}; expected two different fields.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The CoNLL file '{path}' does not exist.", path);

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var sentences = new List<TaggedSentence>();
        var tokens = new List<string>();
        var tags = new List<string>();
        int firstLine = 0;
        (int Count, int Line)? fieldCount = null;
        int lineNumber = 0;
        string line;

        void EndSentence()
        {
            if (tokens.Count == 0) return;
            sentences.Add(new TaggedSentence(tokens.ToArray(), tags.ToArray(), $"line {firstLine}"));
            tokens.Clear();
            tags.Clear();
        }

        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith(DocumentStart, StringComparison.Ordinal))
            {
                EndSentence();
                continue;
            }
            var fields = Fields(line);
            if (fields.Length < 2)
                throw Error(path, lineNumber, "the line has 1 field; expected a token and its tag, separated by a TAB or spaces");
            fieldCount ??= (fields.Length, lineNumber);
            if (fields.Length != fieldCount.Value.Count)
                throw Error(path, lineNumber, $"the line has {fields.Length} fields; expected {fieldCount.Value.Count}, as on line {fieldCount.Value.Line} " +
                    "(every token line of a file has the same fields)");
            int tagIndex = tagColumn < 0 ? fields.Length - 1 : tagColumn;
            if (Math.Max(tokenColumn, tagIndex) >= fields.Length)
                throw Error(path, lineNumber, $"the line has {fields.Length} fields; expected at least {Math.Max(tokenColumn, tagIndex) + 1} " +
                    $"to read the token from field {tokenColumn + 1} and the tag from field {tagIndex + 1}");
            if (tokenColumn == tagIndex)
                throw Error(path, lineNumber, $"the token field, {tokenColumn + 1}, is the last of the line's {fields.Length} fields, which tagColumn -1 reads as the tag; " +
                    "expected another tokenColumn or tagColumn");
            string empty = fields[tokenColumn].Length == 0 ? $"the token (field {tokenColumn + 1})" : fields[tagIndex].Length == 0 ? $"the tag (field {tagIndex + 1})" : null;
            if (empty != null) throw Error(path, lineNumber, $"{empty} is empty; expected a token and its tag");
            if (tokens.Count == 0) firstLine = lineNumber;
            tokens.Add(fields[tokenColumn]);
            tags.Add(fields[tagIndex]);
        }
        EndSentence();
        if (sentences.Count == 0) throw new InvalidDataException($"The CoNLL file '{path}' has no sentences (line count {lineNumber}).");
        return sentences;
    }

    private static string[] Fields(string line) => line.Contains('\t')
        ? line.Split('\t', StringSplitOptions.TrimEntries)
        : line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static InvalidDataException Error(string path, int line, string message) =>
        new($"The CoNLL file '{path}', line {line}: {message}.");
}
