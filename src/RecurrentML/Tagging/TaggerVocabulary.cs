using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Characters;

namespace RecurrentML.Tagging;

/// <summary>A tagger's words: id k for word k - 1 of <see cref="Words"/>, id 0 for every other word, and, with character
/// features, each word's character ids. Words are matched as written, or in lower case (then the character features,
/// which always see the word as written, are where capitals count).</summary>
internal sealed class TaggerVocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly CharacterVocabulary _characters;
    private readonly int _maxCharacters;
    private readonly bool _lowercase;

    public TaggerVocabulary(IReadOnlyList<string> words, bool lowercase, CharacterFeatures characters)
    {
        Words = words;
        _lowercase = lowercase;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++) _ids[words[i]] = i + 1;
        if (characters == null) return;
        _characters = new CharacterVocabulary(characters.Alphabet);
        _maxCharacters = characters.MaxCharacters;
    }

    public IReadOnlyList<string> Words { get; }

    /// <summary>A sentence as ids, with its 0-based <paramref name="tags"/> (empty when tagging).</summary>
    public IdSentence Sentence(IReadOnlyList<string> tokens, long[] tags) =>
        new(Ids(tokens), _characters == null ? null : tokens.Select(t => _characters.Ids(t, _maxCharacters)).ToArray(), tags);

    /// <summary>The words of <paramref name="sentences"/> seen at least <paramref name="minCount"/> times, most
    /// frequent first (ties in order of first appearance).</summary>
    public static List<string> FrequentWords(IEnumerable<string[]> sentences, int minCount, bool lowercase)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var word in sentences.SelectMany(s => s).Select(w => lowercase ? w.ToLowerInvariant() : w))
            counts[word] = counts.TryGetValue(word, out var seen) ? (seen.Count + 1, seen.First) : (1, counts.Count);
        return counts.Where(c => c.Value.Count >= minCount).OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First)
            .Select(c => c.Key).ToList();
    }

    private int Id(string word) => _ids.TryGetValue(_lowercase ? word.ToLowerInvariant() : word, out int id) ? id : 0;

    private long[] Ids(IReadOnlyList<string> tokens)
    {
        var ids = new long[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = Id(tokens[i]);
        return ids;
    }
}
