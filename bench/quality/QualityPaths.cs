namespace RecurrentML.Quality;

/// <summary>Where the study finds its project folder (results and vectors are kept beside the code) and the large data
/// sets that stay outside the repository.</summary>
internal static class QualityPaths
{
    /// <summary>The project's own folder, found from the build output.</summary>
    public static string ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "RecurrentML.Quality.csproj"))) return folder.FullName;
        throw new DirectoryNotFoundException($"RecurrentML.Quality.csproj not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The IMDB folder (<c>imdb_train.csv</c>, <c>imdb_test.csv</c>): <c>--imdb</c>, else <c>../shared/data/imdb</c>
    /// beside the repository. Users download the reviews from https://ai.stanford.edu/~amaas/data/sentiment/ (see
    /// README.md for the CSV layout).</summary>
    public static string ImdbFolder { get; set; } = Path.GetFullPath(Path.Combine(ProjectFolder(), "..", "..", "..", "shared", "data", "imdb"));
}
