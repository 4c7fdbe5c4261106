namespace RecurrentML.Quality;

/// <summary>
/// The word vectors the study's vector methods and candidates start from: fastText skipgram vectors trained on the
/// IMDB training reviews (unlabelled use; the test reviews are never read), made by <c>make_vectors.sh</c> beside this
/// file into <c>vectors/</c> (not committed: 29 MB). <c>--vectors</c> names another file.
/// </summary>
internal static class StudyVectors
{
    public static string Path { get; set; } = System.IO.Path.Combine(QualityPaths.ProjectFolder(), "vectors", "imdb-skipgram-100d.vec");

    /// <summary>Whether the file exists; a vector method without it fails before anything is fitted.</summary>
    public static void Check()
    {
        if (!File.Exists(Path))
            throw new FileNotFoundException($"Word vector file '{Path}' does not exist; make it with bench/quality/make_vectors.sh or name one with --vectors.", Path);
    }
}
