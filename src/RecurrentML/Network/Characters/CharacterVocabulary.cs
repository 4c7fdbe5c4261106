using System.Buffers;
using System.Text;

namespace RecurrentML.Network.Characters;

/// <summary>
/// The characters a character-level word encoder knows, each with an id: a word becomes the ids of its characters, so
/// that a word never seen in training still has a spelling to read. A character is a Unicode scalar value
/// (<see cref="Rune"/>): a surrogate pair is one character, and a lone surrogate reads as U+FFFD, as
/// <see cref="string.EnumerateRunes"/> gives it. Id 0 is padding and id 1 an unknown character; the known characters
/// follow from 2 in the order of <see cref="Characters"/>, which is all a fitted vocabulary needs to be saved.
/// </summary>
internal sealed class CharacterVocabulary
{
    /// <summary>The id of padding after a word's last character (the embedding row kept zero).</summary>
    public const int Padding = 0;

    /// <summary>The id of a character the vocabulary does not know.</summary>
    public const int Unknown = 1;

    /// <summary>The id of <see cref="Characters"/>[0].</summary>
    public const int FirstCharacter = 2;

    private readonly Dictionary<Rune, int> _ids;

    /// <summary>The vocabulary whose known characters are <paramref name="characters"/>, in this order: what
    /// <see cref="Characters"/> of a saved vocabulary held. Each string must be one character, each character once.</summary>
    public CharacterVocabulary(IReadOnlyList<string> characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        _ids = new Dictionary<Rune, int>(characters.Count);
        for (int i = 0; i < characters.Count; i++)
        {
            string text = characters[i];
            if (string.IsNullOrEmpty(text) || Rune.DecodeFromUtf16(text, out var character, out int consumed) != OperationStatus.Done || consumed != text.Length)
                throw new ArgumentException($"Character {i} is \"{text}\"; expected exactly one Unicode scalar value.", nameof(characters));
            if (!_ids.TryAdd(character, FirstCharacter + i))
                throw new ArgumentException($"Character {i} (U+{character.Value:X4}) appears twice.", nameof(characters));
        }
        Characters = characters.ToArray();
    }

    /// <summary>The known characters in id order, from <see cref="FirstCharacter"/> on, one string each.</summary>
    public IReadOnlyList<string> Characters { get; }

    /// <summary>Ids a word can hold, padding and unknown included: the rows of a character embedding.</summary>
    public int Rows => FirstCharacter + Characters.Count;

    /// <summary>
    /// The vocabulary of every character that occurs at least <paramref name="minCount"/> times in
    /// <paramref name="words"/>; rarer characters read as <see cref="Unknown"/>, so that the unknown id is trained on
    /// something like the characters it will stand for. Characters are ordered by code point, so the same words in
    /// any order give the same ids.
    /// </summary>
    public static CharacterVocabulary Build(IEnumerable<string> words, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (minCount < 1) throw new ArgumentOutOfRangeException(nameof(minCount), minCount, $"MinCount is {minCount}; expected at least 1.");
        var counts = new Dictionary<Rune, int>();
        foreach (var word in words)
        {
            if (word is null) throw new ArgumentException("A word is null; expected a string (an empty one for a word without characters).", nameof(words));
            foreach (var character in word.EnumerateRunes()) counts[character] = counts.GetValueOrDefault(character) + 1;
        }
        return new CharacterVocabulary(counts.Where(c => c.Value >= minCount).Select(c => c.Key).Order().Select(c => c.ToString()).ToArray());
    }

    /// <summary>The id of <paramref name="character"/>: its own, or <see cref="Unknown"/>.</summary>
    public int Id(Rune character) => _ids.GetValueOrDefault(character, Unknown);

    /// <summary>
    /// The ids of <paramref name="word"/>'s characters in order, at most <paramref name="maxCharacters"/> of them and
    /// no padding (an empty word gives none). A longer word keeps its first ⌈max/2⌉ and last ⌊max/2⌋ characters:
    /// prefixes and suffixes ("un-", "-ing", "-ly") carry most of what spelling says about a word's tag.
    /// </summary>
    public int[] Ids(string word, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (maxCharacters < 1) throw new ArgumentOutOfRangeException(nameof(maxCharacters), maxCharacters, $"MaxCharacters is {maxCharacters}; expected at least 1.");
        var ids = new List<int>(word.Length);
        foreach (var character in word.EnumerateRunes()) ids.Add(Id(character));
        if (ids.Count <= maxCharacters) return ids.ToArray();
        int prefix = (maxCharacters + 1) / 2, suffix = maxCharacters / 2;
        return ids.Take(prefix).Concat(ids.Skip(ids.Count - suffix)).ToArray();
    }
}
