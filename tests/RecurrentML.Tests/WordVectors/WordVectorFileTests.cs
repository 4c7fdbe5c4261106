using System.IO.Compression;
using RecurrentML.WordVectors;
using Xunit;

namespace RecurrentML.Tests.WordVectors;

/// <summary>The word vector reader: the text formats (header or none, gzip, words with spaces), the alignment to a
/// vocabulary (as written, then in lower case), coverage, and an error naming the file and line for each malformed file.</summary>
public sealed class WordVectorFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("recurrentml-vectors-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text, bool gzip = false)
    {
        string path = Path.Combine(_folder.FullName, name);
        if (!gzip) File.WriteAllText(path, text);
        else
        {
            using var file = File.Create(path);
            using var zipped = new GZipStream(file, CompressionLevel.Fastest);
            using var writer = new StreamWriter(zipped);
            writer.Write(text);
        }
        return path;
    }

    private static float[] Row(AlignedWordVectors vectors, int key)
    {
        int index = Array.IndexOf(vectors.Keys, key);
        Assert.True(index >= 0, $"key {key} has no vector");
        return vectors.Vectors.AsSpan(index * vectors.Dimension, vectors.Dimension).ToArray();
    }

    private const string FastTextFile = "4 3 \nthe 0.1 0.2 0.3 \nMovie 1 2 3 \nmovie 4 5 6 \nParis -1 -2 -3.5e-1 \n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_vec_file_with_its_header_is_read_plain_or_gzipped_whatever_its_name(bool gzip)
    {
        var vectors = WordVectorFile.Read(Write("vectors.txt", FastTextFile, gzip), new[] { "movie", "the", "absent" });
        Assert.Equal(3, vectors.Dimension);
        Assert.Equal(new[] { 1, 2 }, vectors.Keys);
        Assert.Equal(new[] { 4f, 5f, 6f }, Row(vectors, 1));
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f }, Row(vectors, 2));
    }

    [Fact]
    public void A_GloVe_file_without_header_takes_its_dimension_from_the_first_line_and_words_may_hold_spaces()
    {
        var path = Write("glove.txt", "the 0.5 0.5\nat name@domain.com 1 2\nof -1 1\n");
        var vectors = WordVectorFile.Read(path, new[] { "of", "at name@domain.com", "the" });
        Assert.Equal(2, vectors.Dimension);
        Assert.Equal(new[] { -1f, 1f }, Row(vectors, 1));
        Assert.Equal(new[] { 1f, 2f }, Row(vectors, 2));
        Assert.Equal(new[] { 0.5f, 0.5f }, Row(vectors, 3));
    }

    [Fact]
    public void A_word_is_found_as_written_first_then_in_lower_case()
    {
        // "Movie" is in the file as written; "paris" only as "Paris"; "MOVIE" matches the file's own lower-case "movie"
        // rather than the cased "Movie" listed before it; "THE" finds "the".
        var vectors = WordVectorFile.Read(Write("v.vec", FastTextFile), new[] { "Movie", "paris", "MOVIE", "THE", "berlin" });
        Assert.Equal(new[] { 1, 2, 3, 4 }, vectors.Keys);
        Assert.Equal(1, vectors.ExactMatches);
        Assert.Equal(new[] { 1f, 2f, 3f }, Row(vectors, 1));
        Assert.Equal(new[] { -1f, -2f, -0.35f }, Row(vectors, 2));
        Assert.Equal(new[] { 4f, 5f, 6f }, Row(vectors, 3));
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f }, Row(vectors, 4));
    }

    [Fact]
    public void Coverage_counts_the_vocabulary_and_the_tokens_found()
    {
        var vectors = WordVectorFile.Read(Write("v.vec", FastTextFile), new[] { "the", "berlin", "movie", "rome" });
        // ids: 1 the, 2 berlin, 3 movie, 4 rome, 0 unknown; 4 of 8 tokens have a vector.
        var rows = new ReadOnlyMemory<int>[] { new[] { 1, 1, 2 }, new[] { 3, 4, 0, 1, 2 } };
        Assert.Equal(0.5, vectors.TokenCoverage(rows), 12);
        string line = vectors.Describe("v.vec", 0.5);
        Assert.Contains("2 of the 4 vocabulary words found (50.0%", line);
        Assert.Contains("50.0% of the training tokens", line);
    }

    [Theory]
    [InlineData("3 2\na 1 2\nb 1\nc 1 2\n", "line 3: 1 values after the word 'b'; expected 2 (the header's dimension)")]
    [InlineData("a 1 2\nb 3 4\nc 5\n", "line 3: 1 values after the word 'c'; expected 2 (line 1's dimension)")]
    [InlineData("a 1 2\nb 3 x\n", "line 2: value 2 of 'b' is 'x'; expected a finite number")]
    [InlineData("a 1 2\nb 3 NaN\n", "line 2: value 2 of 'b' is 'NaN'; expected a finite number")]
    [InlineData("5 2\na 1 2\nb 3 4\n", "the header says 5 words, but the file has 2 (cut short?)")]
    [InlineData("a\n", "line 1: 'a' has no values")]
    [InlineData("\n\n", "holds no vectors (2 lines read)")]
    public void A_malformed_file_is_an_error_naming_the_file_and_line(string text, string expected)
    {
        string path = Write("bad.vec", text);
        var error = Assert.Throws<InvalidDataException>(() => WordVectorFile.Read(path, new[] { "a", "b", "c" }));
        Assert.Contains($"'{path}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = Path.Combine(_folder.FullName, "absent.vec");
        var error = Assert.Throws<FileNotFoundException>(() => WordVectorFile.Read(path, new[] { "a" }));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void The_shipped_fastText_vectors_read_and_cover_real_review_text()
    {
        // 100-dimensional skipgram vectors fastText trained on the IMDB training reviews (Data/README.md).
        string path = Path.Combine(AppContext.BaseDirectory, "WordVectors", "Data", "imdb-skipgram-100d-top1000.vec.gz");
        var words = "this movie was not good at all , the acting was terrible and the plot awful".Split(' ');
        var vectors = WordVectorFile.Read(path, words.Distinct().ToArray());
        Assert.Equal(100, vectors.Dimension);
        Assert.True(vectors.Keys.Length >= 13, $"{vectors.Keys.Length} words found"); // all but "," (punctuation was removed)
        static double Cosine(float[] a, float[] b) =>
            a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
        var distinct = words.Distinct().ToArray();
        float[] Of(string word) => Row(vectors, Array.IndexOf(distinct, word) + 1);
        // Trained vectors, not noise: "terrible" is nearer "awful" than "the" is.
        Assert.True(Cosine(Of("terrible"), Of("awful")) > Cosine(Of("terrible"), Of("the")) + 0.1);
    }
}
