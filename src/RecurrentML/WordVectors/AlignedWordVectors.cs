namespace RecurrentML.WordVectors;

/// <summary>
/// A vocabulary's pretrained vectors: for each key whose text the file has, its vector. A key's text is looked up as it
/// is first, then in lower case against the file's words in lower case (the file's own lower-case word preferred, else
/// its first cased form: files list frequent words first). Keys are 1-based, as MapValueToKey's; key 0, the unknown
/// token, never has a vector.
/// </summary>
internal sealed class AlignedWordVectors
{
    private AlignedWordVectors(int dimension, int vocabularySize, int[] keys, float[] vectors, int exactMatches)
    {
        Dimension = dimension;
        VocabularySize = vocabularySize;
        Keys = keys;
        Vectors = vectors;
        ExactMatches = exactMatches;
    }

    /// <summary>Values per vector: the embedding's size.</summary>
    public int Dimension { get; }

    public int VocabularySize { get; }

    /// <summary>The keys found, ascending.</summary>
    public int[] Keys { get; }

    /// <summary>Their vectors, one after another: [Keys.Length, Dimension].</summary>
    public float[] Vectors { get; }

    /// <summary>Keys found under their own text; the rest of <see cref="Keys"/> were found in lower case.</summary>
    public int ExactMatches { get; }

    public static AlignedWordVectors Align(IReadOnlyList<string> vocabulary, int dimension, IReadOnlyDictionary<string, float[]> exact,
        IReadOnlyDictionary<string, float[]> byLowerCase)
    {
        var keys = new List<int>();
        var vectors = new List<float>();
        int exactMatches = 0;
        for (int k = 0; k < vocabulary.Count; k++)
        {
            float[] vector;
            if (exact.TryGetValue(vocabulary[k], out vector)) exactMatches++;
            else if (!byLowerCase.TryGetValue(Lower(vocabulary[k]), out vector)) continue;
            keys.Add(k + 1);
            vectors.AddRange(vector);
        }
        return new AlignedWordVectors(dimension, vocabulary.Count, keys.ToArray(), vectors.ToArray(), exactMatches);
    }

    /// <summary>The lower-case form words are matched by, in the file and in the vocabulary alike.</summary>
    public static string Lower(string word) => word.ToLowerInvariant();

    /// <summary>The share of <paramref name="tokenIds"/> (ids as the embedding reads them; 0 the unknown token) that
    /// have a vector.</summary>
    public double TokenCoverage(IEnumerable<ReadOnlyMemory<int>> tokenIds)
    {
        var found = new bool[VocabularySize + 1];
        foreach (int key in Keys) found[key] = true;
        long all = 0, covered = 0;
        foreach (var row in tokenIds)
            foreach (int id in row.Span)
            {
                all++;
                if (found[id]) covered++;
            }
        return all == 0 ? 0 : covered / (double)all;
    }

    /// <summary>The coverage line Fit logs.</summary>
    public string Describe(string path, double tokenCoverage) => FormattableString.Invariant(
        $"Word vectors '{path}': {Dimension} dimensions; {Keys.Length:N0} of the {VocabularySize:N0} vocabulary words found ") +
        FormattableString.Invariant(
        $"({Percent(Keys.Length, VocabularySize)}: {ExactMatches:N0} as written, {Keys.Length - ExactMatches:N0} in lower case), {tokenCoverage * 100:F1}% of the training tokens; ") +
        "the other words' rows start random.";

    private static string Percent(int part, int whole) => FormattableString.Invariant($"{(whole == 0 ? 0 : 100.0 * part / whole):F1}%");
}
