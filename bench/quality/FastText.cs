using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace RecurrentML.Quality;

/// <summary>
/// fastText (Joulin et al. 2017), the fast text classifier people compare against outside ML.NET, run as the
/// <c>fasttext</c> command with its own defaults, on the same train/test split as the ML.NET pipelines. Its defaults
/// include <see cref="DefaultThreads"/> training threads, left as they are: its lock-free multithreaded training gives
/// slightly different accuracies from run to run, which is why the thread count is recorded beside the results. It runs
/// twice: with every default (5 epochs, unigrams), and as its users run it at its best on small text, 25 epochs with
/// word bigrams (fastText's tutorial; on a split of the UCI sentences 0.83 against 0.70 with the defaults). The bigram
/// run also gets fastText's default 2,000,000 hash buckets of 100 floats (an 800 MB model file in a temporary folder,
/// written inside the timed run).
/// </summary>
internal static class FastText
{
    public const int DefaultThreads = 12;

    private const string NotInstalled = "fasttext not installed; apt-get install fasttext";

    private static readonly string Executable = FindOnPath("fasttext");

    public static MethodResult Run(MLContext mlContext, SetData data, bool tuned)
    {
        if (Executable == null) return MethodResult.NotRun(NotInstalled);
        var folder = Directory.CreateTempSubdirectory("recurrentml-quality-fasttext-");
        try
        {
            string train = Write(mlContext, data.Train, Path.Combine(folder.FullName, "train.txt"));
            string test = Write(mlContext, data.Test, Path.Combine(folder.FullName, "test.txt"));
            string model = Path.Combine(folder.FullName, "model");
            var clock = Stopwatch.StartNew();
            Execute(tuned
                ? new[] { "supervised", "-input", train, "-output", model, "-epoch", "25", "-wordNgrams", "2" }
                : new[] { "supervised", "-input", train, "-output", model });
            double seconds = clock.Elapsed.TotalSeconds;
            return new MethodResult(PrecisionAtOne(Execute(new[] { "test", model + ".bin", test }), data.TestRows.Value), seconds);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>One <c>__label__1 text</c> or <c>__label__0 text</c> line per row; tabs and line breaks in a text become spaces.</summary>
    private static string Write(MLContext mlContext, IDataView rows, string path)
    {
        File.WriteAllLines(path, mlContext.Data.CreateEnumerable<TextRow>(rows, reuseRowObject: false)
            .Select(r => $"__label__{(r.Label ? 1 : 0)} {r.Text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ')}"));
        return path;
    }

    /// <summary>P@1 from <c>fasttext test</c>: with one label per row and one prediction per row, the accuracy. fastText
    /// skips rows without a word; its N must be every test row, or P@1 would be the accuracy of fewer rows.</summary>
    private static double PrecisionAtOne(string output, long testRows)
    {
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1].Trim());
        if (!values.TryGetValue("N", out string n) || !values.TryGetValue("P@1", out string precision))
            throw new InvalidDataException($"fasttext test printed no N and P@1 lines:\n{output}");
        if (long.Parse(n, CultureInfo.InvariantCulture) != testRows)
            throw new InvalidDataException($"fasttext test scored {n} of the {testRows} test rows (it skips rows without a word).");
        return double.Parse(precision, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs fasttext to completion; returns its standard output.</summary>
    private static string Execute(string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"fasttext {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{errors.Result}");
        return output.Result;
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
