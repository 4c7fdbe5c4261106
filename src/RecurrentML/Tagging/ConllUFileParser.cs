using System.Globalization;

namespace RecurrentML.Tagging;

/// <summary>
/// Parses CoNLL-U, the Universal Dependencies format: per sentence, <c>#</c> comment lines, then one line per word of ten
/// TAB-separated fields (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC), then a blank line; the last sentence may
/// end at the end of the file instead. Word IDs run 1, 2, 3, ... within a sentence. A multi-word token line (ID
/// <c>7-8</c>, the surface "don't") is not a word: the word lines after it (<c>do</c>, <c>n't</c>) carry the tags, so it
/// is checked and skipped; so is an empty node (ID <c>8.1</c>, a word the syntax restores that the text does not have).
/// A FORM of <c>_</c> is the underscore itself (UD writes no unspecified FORM), while a tag of <c>_</c> is no tag.
/// Lines holding only spaces or TABs count as blank. Every problem is an <see cref="InvalidDataException"/> naming the
/// file, the line and what was expected.
/// </summary>
internal static class ConllUFileParser
{
    private const string FieldNames = "ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC";

    public static IReadOnlyList<TaggedSentence> Parse(string path, ConllUTagColumn tags)
    {
        if (path == null) throw new ArgumentNullException(nameof(path));
        if (!Enum.IsDefined(tags)) throw new ArgumentOutOfRangeException(nameof(tags), $"The tag column {tags} is not one of {string.Join(", ", Enum.GetNames<ConllUTagColumn>())}.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The CoNLL-U file '{path}' does not exist.", path);
        int tagField = tags == ConllUTagColumn.Upos ? 3 : 4;
        string tagName = tags == ConllUTagColumn.Upos ? "UPOS" : "XPOS";
        string otherTags = tags == ConllUTagColumn.Upos ? nameof(ConllUTagColumn.Xpos) : nameof(ConllUTagColumn.Upos);

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var sentences = new List<TaggedSentence>();
        var tokens = new List<string>();
        var tagList = new List<string>();
        int firstLine = 0; // 0: between sentences
        bool inWords = false;
        string sentenceId = null;
        int lineNumber = 0;
        string line;

        void EndSentence()
        {
            if (firstLine == 0) return;
            if (tokens.Count == 0)
                throw Error(path, firstLine, "the sentence starting on this line has no word lines; expected a word line with ID 1 before its end");
            sentences.Add(new TaggedSentence(tokens.ToArray(), tagList.ToArray(), sentenceId ?? $"line {firstLine}"));
            tokens.Clear();
            tagList.Clear();
            firstLine = 0;
            inWords = false;
            sentenceId = null;
        }

        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                EndSentence();
                continue;
            }
            if (firstLine == 0) firstLine = lineNumber;
            if (line[0] == '#')
            {
                if (inWords)
                    throw Error(path, lineNumber, "found a '#' comment among the sentence's word lines; expected a word line, or a blank line to end the sentence (comments come before a sentence's words)");
                sentenceId = SentenceId(line) ?? sentenceId;
                continue;
            }
            inWords = true;
            var fields = line.Split('\t');
            if (fields.Length != 10)
                throw Error(path, lineNumber, $"the line has {fields.Length} TAB-separated field{(fields.Length == 1 ? "" : "s")}; expected 10 ({FieldNames})");
            string id = fields[0];
            int next = tokens.Count + 1;
            if (Pair(id, '-') is (int start, int end))
            {
                if (start != next || end <= start)
                    throw Error(path, lineNumber, $"the multi-word token ID '{id}' is not a range from the next word ID, {next}, to a later one (such as {next}-{next + 1})");
                continue;
            }
            if (Pair(id, '.') is (int word, int index))
            {
                if (word != tokens.Count || index < 1)
                    throw Error(path, lineNumber, $"the empty node ID '{id}' does not fit {(tokens.Count == 0 ? "before word 1" : $"after word {tokens.Count}")}; " +
                        $"expected {tokens.Count}.1, {tokens.Count}.2, ...");
                continue;
            }
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int wordId))
                throw Error(path, lineNumber, $"the ID '{id}' is not a word ID (1, 2, ...), a multi-word token range (1-2) or an empty node (1.1)");
            if (wordId != next)
                throw Error(path, lineNumber, $"the word ID is {wordId}; expected {next} (word IDs run 1, 2, 3, ... within a sentence)");
            if (fields[1].Length == 0)
                throw Error(path, lineNumber, "the FORM (field 2) is empty; expected the word");
            string tag = fields[tagField];
            if (tag.Length == 0 || tag == "_")
                throw Error(path, lineNumber, $"the word '{fields[1]}' has no {tagName} tag (field {tagField + 1} is '{tag}'); expected a tag, " +
                    $"or read the other column with ConllUTagColumn.{otherTags}");
            tokens.Add(fields[1]);
            tagList.Add(tag);
        }
        EndSentence();
        if (sentences.Count == 0) throw new InvalidDataException($"The CoNLL-U file '{path}' has no sentences (line count {lineNumber}).");
        return sentences;
    }

    /// <summary>The value of a <c># sent_id = ...</c> comment, or null for any other comment.</summary>
    private static string SentenceId(string comment)
    {
        var text = comment.AsSpan(1).TrimStart();
        if (!text.StartsWith("sent_id", StringComparison.Ordinal)) return null;
        text = text["sent_id".Length..].TrimStart();
        if (text.Length == 0 || text[0] != '=') return null;
        var value = text[1..].Trim();
        return value.Length == 0 ? null : value.ToString();
    }

    /// <summary>Two whole numbers joined by <paramref name="separator"/> (<c>7-8</c>, <c>8.1</c>), or null.</summary>
    private static (int, int)? Pair(string id, char separator)
    {
        int at = id.IndexOf(separator);
        if (at <= 0) return null;
        return int.TryParse(id.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            && int.TryParse(id.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int second)
            ? (first, second) : null;
    }

    private static InvalidDataException Error(string path, int line, string message) =>
        new($"The CoNLL-U file '{path}', line {line}: {message}.");
}
