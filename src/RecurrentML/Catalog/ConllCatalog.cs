using RecurrentML;
using RecurrentML.Tagging;

namespace Microsoft.ML;

/// <summary>Reads tagged corpora (part-of-speech tags, named entities) on <c>mlContext.Data</c>.</summary>
/// <remarks>
/// Both readers return one row per sentence with the columns <c>Tokens</c> (vector of Text, one token per word),
/// <c>Tags</c> (vector of Text, one tag per token, the same length) and <c>SentenceId</c> (Text). The vectors vary in
/// length from row to row; map them to keys with <c>MapValueToKey</c>, and score a tagger's output with
/// <see cref="TaggingEvaluation"/>.
/// </remarks>
public static class ConllCatalog
{
    /// <summary>
    /// Reads a CoNLL-U file (Universal Dependencies treebanks). A multi-word token line such as <c>7-8 don't</c> is
    /// skipped, since its words <c>do</c> and <c>n't</c> follow on their own lines with their tags; empty nodes
    /// (<c>8.1</c>) are skipped too. <c>SentenceId</c> is the sentence's <c># sent_id</c>, or <c>line N</c> (its first
    /// line) when it has none.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The <c>.conllu</c> file.</param>
    /// <param name="tags">The column read as <c>Tags</c>: universal (UPOS, the default) or the treebank's own (XPOS).</param>
    /// <exception cref="InvalidDataException">The file breaks the format (wrong field count, word IDs out of order, a
    /// missing FORM or tag, ...); the message names the file, the line and what was expected.</exception>
    /// <example>
    /// <code>
    /// var train = mlContext.Data.LoadFromConllUFile("en_ewt-ud-train.conllu");
    /// var keyed = mlContext.Transforms.Conversion.MapValueToKey("TokenKeys", "Tokens")
    ///     .Append(mlContext.Transforms.Conversion.MapValueToKey("TagKeys", "Tags"));
    /// </code>
    /// </example>
    public static IDataView LoadFromConllUFile(this DataOperationsCatalog catalog, string path, ConllUTagColumn tags = ConllUTagColumn.Upos)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return TaggedSentenceDataView.Load(catalog, ConllUFileParser.Parse(path, tags));
    }

    /// <summary>
    /// Reads a column CoNLL file: one token per line with its tag, separated by a TAB (WNUT-17) or spaces (CoNLL-2003),
    /// and a blank line after each sentence. <c>-DOCSTART-</c> lines separate documents and are skipped.
    /// <c>SentenceId</c> is <c>line N</c>, the line of the sentence's first token.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The file.</param>
    /// <param name="tokenColumn">The 0-based field holding the token; the first by default.</param>
    /// <param name="tagColumn">The 0-based field holding the tag; -1 (the default) for the last, which is where
    /// CoNLL-2003 and WNUT-17 put the named-entity tag.</param>
    /// <exception cref="InvalidDataException">A line has one field, fewer fields than the columns need, or not as many
    /// as the file's first token line; the message names the file and the line.</exception>
    public static IDataView LoadFromConllFile(this DataOperationsCatalog catalog, string path, int tokenColumn = 0, int tagColumn = -1)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return TaggedSentenceDataView.Load(catalog, ConllFileParser.Parse(path, tokenColumn, tagColumn));
    }
}
