using System.Globalization;
using System.IO.Compression;

namespace RecurrentML.WordVectors;

/// <summary>
/// Reads a word2vec, GloVe or fastText text file of word vectors for one vocabulary: a line is a word and its values,
/// separated by spaces (or tabs); a first line of two integers ("words dimension", word2vec's and fastText's .vec) is
/// the header; a gzipped file (found by its magic bytes, whatever its name) is read through gzip. The file is streamed
/// and only the rows the vocabulary needs are kept, so a 2-million-word file costs the vocabulary's rows of memory.
/// Every line's value count is checked against the dimension (the header's, or the first line's); values are parsed
/// for the lines kept. Each error names the file and the line.
/// </summary>
internal static class WordVectorFile
{
    private static readonly char[] Separators = { ' ', '\t' };

    /// <summary>The vectors of <paramref name="vocabulary"/> (entry k - 1 the text of key k) found in the file at
    /// <paramref name="path"/>: exactly, else in lower case (see <see cref="AlignedWordVectors"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed, or no line holds a vector; the message names the file and line.</exception>
    public static AlignedWordVectors Read(string path, IReadOnlyList<string> vocabulary)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Word vector file '{path}' does not exist.", path);
        var wanted = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        var wantedLower = new HashSet<string>(vocabulary.Select(AlignedWordVectors.Lower), StringComparer.Ordinal);
        var exact = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var byLower = new Dictionary<string, float[]>(StringComparer.Ordinal);

        using var reader = Open(path);
        int dimension = 0;
        long? headerCount = null;
        long vectors = 0, lineNumber = 0;
        string dimensionSource = null;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (lineNumber == 1 && fields.Length == 2 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long count)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int headerDimension))
            {
                if (headerDimension < 1) throw Malformed(path, lineNumber, $"the header gives dimension {headerDimension}; expected at least 1");
                (headerCount, dimension, dimensionSource) = (count, headerDimension, "the header's");
                continue;
            }
            if (dimension == 0)
            {
                if (fields.Length < 2) throw Malformed(path, lineNumber, $"'{fields[0]}' has no values");
                (dimension, dimensionSource) = (fields.Length - 1, $"line {lineNumber}'s");
            }
            if (fields.Length - 1 < dimension)
                throw Malformed(path, lineNumber, $"{fields.Length - 1} values after the word '{fields[0]}'; expected {dimension} ({dimensionSource} dimension)");
            // A word may hold spaces (GloVe's Common Crawl file has some): the values are the last `dimension` fields.
            string word = fields.Length - 1 == dimension ? fields[0] : string.Join(' ', fields[..^dimension]);
            vectors++;
            bool isWanted = wanted.Contains(word) && !exact.ContainsKey(word);
            string lower = AlignedWordVectors.Lower(word);
            // The first vector of a lower-case form wins, unless the file has the lower-case word itself.
            bool isWantedLower = wantedLower.Contains(lower) && (!byLower.ContainsKey(lower) || (word == lower && !exact.ContainsKey(lower)));
            if (!isWanted && !isWantedLower) continue;
            var values = Parse(fields.AsSpan(fields.Length - dimension), path, lineNumber, word);
            if (isWanted) exact[word] = values;
            if (isWantedLower) byLower[lower] = values;
        }
        if (vectors == 0) throw new InvalidDataException($"Word vector file '{path}' holds no vectors ({lineNumber} lines read).");
        if (headerCount is long expected && expected != vectors)
            throw new InvalidDataException($"Word vector file '{path}': the header says {expected} words, but the file has {vectors} (cut short?).");
        return AlignedWordVectors.Align(vocabulary, dimension, exact, byLower);
    }

    private static StreamReader Open(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int read = file.Read(magic);
        file.Position = 0;
        Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    private static float[] Parse(ReadOnlySpan<string> fields, string path, long lineNumber, string word)
    {
        var values = new float[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            if (!float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
                throw Malformed(path, lineNumber, $"value {i + 1} of '{word}' is '{fields[i]}'; expected a finite number");
        }
        return values;
    }

    private static InvalidDataException Malformed(string path, long lineNumber, string what) =>
        new($"Word vector file '{path}', line {lineNumber}: {what}.");
}
