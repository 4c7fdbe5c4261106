namespace RecurrentML.Tests;

/// <summary>Where the repository is, for tests that read its sources, README or data.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding RecurrentML.sln, found upwards from the test output.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "RecurrentML.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException($"RecurrentML.sln not found above {AppContext.BaseDirectory}.");
    }
}
