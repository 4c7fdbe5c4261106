using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Tests.Tagging;

/// <summary>The shipped corpus subsets (Tagging/Data, see its SOURCE.md) and throwaway files for malformed input.</summary>
internal static class TaggingTestFiles
{
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Tagging", "Data", name);

    /// <summary>Writes <paramref name="bytes"/> to a new file in the temp folder, hands its path to
    /// <paramref name="read"/> and deletes it afterwards.</summary>
    public static T WithFile<T>(byte[] bytes, string extension, Func<string, T> read)
    {
        string path = Path.Combine(Path.GetTempPath(), $"recurrentml-tagging-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        try
        {
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static T WithFile<T>(string text, string extension, Func<string, T> read) =>
        WithFile(System.Text.Encoding.UTF8.GetBytes(text), extension, read);

    /// <summary>Every row's tokens, tags and sentence id.</summary>
    public static List<(string[] Tokens, string[] Tags, string Id)> Rows(IDataView data)
    {
        var tokens = data.GetColumn<string[]>("Tokens").ToList();
        var tags = data.GetColumn<string[]>("Tags").ToList();
        var ids = data.GetColumn<string>("SentenceId").ToList();
        return tokens.Select((t, i) => (t, tags[i], ids[i])).ToList();
    }
}
