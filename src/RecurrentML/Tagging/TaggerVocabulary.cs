namespace RecurrentML.Tagging;

/// <summary>A tagger's words: id k for word k - 1 of <see cref="Words"/>, id 0 for every other word. Words are matched
/// as written (case kept: capitals say much about a word's tag).</summary>
internal sealed class TaggerVocabulary
{
    private readonly Dictionary<string, int> _ids;

    public TaggerVocabulary(IReadOnlyList<string> words)
    {
        Words = words;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++) _ids[words[i]] = i + 1;
    }

    public IReadOnlyList<string> Words { get; }

    /// <summary>The words of <paramref name="sentences"/> seen at least <paramref name="minCount"/> times, most
    /// frequent first (ties in order of first appearance).</summary>
    public static TaggerVocabulary FromTraining(IEnumerable<string[]> sentences, int minCount)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var word in sentences.SelectMany(s => s))
            counts[word] = counts.TryGetValue(word, out var seen) ? (seen.Count + 1, seen.First) : (1, counts.Count);
        return new TaggerVocabulary(counts.Where(c => c.Value.Count >= minCount).OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First)
            .Select(c => c.Key).ToList());
    }

    public int Id(string word) => _ids.TryGetValue(word, out int id) ? id : 0;

    public long[] Ids(IReadOnlyList<string> tokens)
    {
        var ids = new long[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = Id(tokens[i]);
        return ids;
    }
}
