using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Package;

/// <summary>Alone in the process: it packs and builds with the SDK, which would compete with the other tests for the
/// machine, and its timing-free checks do not need them.</summary>
[CollectionDefinition(nameof(PackedPackageTests), DisableParallelization = true)]
public class PackedPackageCollection { }

/// <summary>
/// The package as a user gets it: RecurrentML and RecurrentML.Plotting packed (with zero warnings), a new console app
/// outside the repository (<c>dotnet new console</c>) that adds both from a local folder feed (<c>dotnet add
/// package</c>), and the README's quick start pasted in as its Program.cs, run on 1,000 of the Amazon reviews: it must
/// print its progress, write the history chart and CSV, save, reload and predict. Before it, every other program block
/// of the README and the package README (<see cref="ReadmeProgram"/>) is pasted in as Program.cs in turn and built
/// without a warning; the programs whose data is in the repository and that train in seconds also run (see
/// <see cref="RunnablePrograms"/>).
/// </summary>
[Collection(nameof(PackedPackageTests))]
public class PackedPackageTests(ITestOutputHelper output)
{
    /// <summary>The README programs run besides the quick start: the files each reads, copied beside it from the
    /// repository, and what its output must show. The others train for minutes (the time-series program's 500 steps
    /// over 100 steps of 6 floats took over 2 minutes of CPU here) or read data the repository does not hold (the EWT
    /// corpus), so they are only built.</summary>
    private static readonly Dictionary<string, (string[] Files, string Output)> RunnablePrograms = new()
    {
        ["forecasting"] = (["samples/Forecasting/Data/co2.tsv"], @"RMSE over the last 24 months: \d+\.\d{3}; inside the 95% interval: \d+ of 24"),
        ["backtest"] = (["samples/Forecasting/Data/co2.tsv"], @"sMAPE \d+\.\d{2}, MASE \d+\.\d{2}, RMSE \d+\.\d{3}, coverage \d+ ?% over 4 windows\n(.*\n)*  12 months ahead: sMAPE \d+\.\d{2}"),
    };

    [Fact]
    public void The_README_programs_build_and_the_quick_start_runs_in_a_new_console_app_that_installs_the_packed_packages()
    {
        string repository = RepositoryFiles.Root();
        var programs = ReadmeProgram.Read(repository, "README.md").Concat(ReadmeProgram.Read(repository, "src/RecurrentML/Package/README.md")).ToList();
        Assert.Equal(programs.Count, programs.Select(p => p.Name).Distinct().Count());
        Assert.Subset(programs.Select(p => p.Name).ToHashSet(), RunnablePrograms.Keys.Append("quick-start").ToHashSet());
        string work = Directory.CreateTempSubdirectory("recurrentml-package-").FullName;
        try
        {
            // A version of its own, so that no copy already in the NuGet cache stands in for this build.
            string version = $"0.1.0-check.{DateTime.UtcNow:yyyyMMddHHmmss}";
            string feed = Path.Combine(work, "feed");
            foreach (string project in new[] { "src/RecurrentML/RecurrentML.csproj", "src/RecurrentML.Plotting/RecurrentML.Plotting.csproj" })
            {
                string pack = Run(repository, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", "-p:RuntimeIdentifier=");
                Assert.DoesNotMatch(@"warning [A-Z]+\d+", pack);
            }
            Assert.True(File.Exists(Path.Combine(feed, $"RecurrentML.{version}.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, $"RecurrentML.{version}.snupkg")));

            string app = Path.Combine(work, "ReviewApp");
            Run(work, "new", "console", "-o", app);
            // The local feed beside the machine's own sources (which supply ML.NET and TorchSharp).
            File.WriteAllText(Path.Combine(app, "nuget.config"),
                $"<configuration><packageSources><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");
            Run(app, "add", "package", "RecurrentML", "--version", version);
            Run(app, "add", "package", "RecurrentML.Plotting", "--version", version);
            WriteReviews(repository, Path.Combine(app, "reviews.tsv"), count: 1000);

            Run(app, "restore", "-r", "linux-x64");
            foreach (var program in programs.Where(p => p.Name != "quick-start"))
                BuildAndRun(repository, app, program);

            File.WriteAllText(Path.Combine(app, "Program.cs"), programs.Single(p => p.Name == "quick-start" && p.Readme == "README.md").Code);

            string run = Run(app, "run", "-r", "linux-x64");
            Assert.Matches(@"Lstm epoch 1/\d+: training loss", run);
            Assert.Matches(@"Test accuracy: 0\.\d{3}", run);
            Assert.Matches(@"Five stars: (True|False) \(probability", run);
            Assert.DoesNotContain("[Source=", run);
            foreach (string file in new[] { "history.png", "history.csv", "model.zip" })
                Assert.True(new FileInfo(Path.Combine(app, file)).Length > 100, $"{file} was not written");

            // An app with ML.NET but without RecurrentML cannot load the zip: what it sees is in the README's troubleshooting.
            string bare = Path.Combine(work, "BareApp");
            Run(work, "new", "console", "-o", bare);
            Run(bare, "add", "package", "Microsoft.ML", "--version", "5.0.1");
            File.WriteAllText(Path.Combine(bare, "Program.cs"), $$"""
                try { new Microsoft.ML.MLContext().Model.Load(@"{{Path.Combine(app, "model.zip")}}", out _); Console.WriteLine("loaded"); }
                catch (Exception e) { for (var x = e; x != null; x = x.InnerException) Console.WriteLine($"{x.GetType().Name}: {x.Message}"); }
                """);
            string bareRun = Run(bare, "run");
            Assert.Matches(@"TargetInvocationException: .*\n(.*\n)*FileNotFoundException: Could not load file or assembly 'RecurrentML", bareRun);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Builds <paramref name="program"/> as the app's Program.cs (restored once for all of them, so only the
    /// compile repeats), and runs it when it is one of <see cref="RunnablePrograms"/>.</summary>
    private void BuildAndRun(string repository, string app, ReadmeProgram program)
    {
        File.WriteAllText(Path.Combine(app, "Program.cs"), program.Code);
        var (exitCode, build) = Execute(app, "build", "-r", "linux-x64", "--no-restore");
        var diagnostics = build.Split('\n').Where(l => Regex.IsMatch(l, @": (error|warning) [A-Z]+\d+")).Distinct();
        Assert.True(exitCode == 0 && !diagnostics.Any(),
            $"{program} does not build cleanly against the packed package (exit {exitCode}):\n{string.Join('\n', diagnostics)}\n{(exitCode == 0 ? "" : build)}");
        if (!RunnablePrograms.TryGetValue(program.Name, out var run)) return;
        foreach (string file in run.Files) File.Copy(Path.Combine(repository, file), Path.Combine(app, Path.GetFileName(file)), overwrite: true);
        var (runExit, text) = Execute(app, "run", "--no-build", "-r", "linux-x64");
        Assert.True(runExit == 0 && Regex.IsMatch(text, run.Output), $"{program} ran with exit {runExit} and without '{run.Output}' in its output:\n{text}");
    }

    /// <summary>The first <paramref name="count"/> training reviews of the Amazon data as the quick start reads them:
    /// a header, then text and true/false (5 stars or not).</summary>
    private static void WriteReviews(string repository, string path, int count)
    {
        var lines = File.ReadLines(Path.Combine(repository, "samples", "ReviewSentiment", "Data", "training_data.tsv")).Skip(1).Take(count)
            .Select(l => l.Split('\t')).Select(f => $"{f[1]}\t{(f[2] == "great" ? "true" : "false")}");
        File.WriteAllLines(path, new[] { "Text\tLabel" }.Concat(lines));
    }

    private string Run(string directory, params string[] arguments)
    {
        var (exitCode, text) = Execute(directory, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} in {directory} exited with {exitCode}:\n{text}");
        return text;
    }

    /// <summary>Runs the dotnet command and returns its exit code and its output and errors together.</summary>
    private (int ExitCode, string Text) Execute(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // The test run's own MSBuild settings must not leak into the user's app.
        foreach (string variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" }) start.Environment.Remove(variable);
        using var process = Process.Start(start)!;
        var text = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (text) text.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish in 8 minutes:\n{text}");
        }
        process.WaitForExit();
        output.WriteLine($"$ dotnet {string.Join(' ', arguments)}  (exit {process.ExitCode})\n{text}");
        return (process.ExitCode, text.ToString());
    }
}
