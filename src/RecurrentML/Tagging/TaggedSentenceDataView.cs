using Microsoft.ML;

namespace RecurrentML.Tagging;

/// <summary>
/// Parsed sentences as an <see cref="IDataView"/>, one row per sentence: <c>Tokens</c> and <c>Tags</c>, variable-length
/// vectors of Text of the same length, and <c>SentenceId</c>, Text. The vectors have no fixed size because sentences
/// differ in length; <c>MapValueToKey</c> turns either into a vector of keys of the same length.
/// </summary>
internal static class TaggedSentenceDataView
{
    public static IDataView Load(DataOperationsCatalog catalog, IReadOnlyList<TaggedSentence> sentences) =>
        catalog.LoadFromEnumerable(sentences.Select(s => new SentenceRow { Tokens = s.Tokens, Tags = s.Tags, SentenceId = s.Id }).ToList());

    private sealed class SentenceRow
    {
        public string[] Tokens { get; set; }
        public string[] Tags { get; set; }
        public string SentenceId { get; set; }
    }
}
