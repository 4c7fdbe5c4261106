using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (7): peak working set of <c>Fit</c> on a large synthetic data set with training cut short by
/// <see cref="RecurrentEncoderOptions.MaxTrainingSteps"/>, so the number reflects the data path (reading, storing,
/// bucketing) rather than training time. Runs in a child process so earlier measures do not raise the peak.
/// </summary>
internal static class MemoryBenchmark
{
    public const string ChildArgument = "--memory-child";

    public sealed record Result(long Rows, long Steps, long PeakWorkingSetBytes, long WorkingSetBeforeFitBytes, double FitSeconds);

    public static Result MeasureInChild(long rows, long steps, int threads)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Under `dotnet bench.dll` the process is the dotnet host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(MemoryBenchmark).Assembly.Location);
        foreach (var argument in new[] { ChildArgument, rows.ToString(), steps.ToString(), threads.ToString() }) start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The memory measure's child process exited with {child.ExitCode}: {output}");
        return JsonSerializer.Deserialize<Result>(output.Trim().Split('\n').Last());
    }

    /// <summary>The child's work: fit an LSTM on <paramref name="rows"/> rows of 100 tokens and print the result as JSON.</summary>
    public static int RunChild(string[] args)
    {
        long rows = long.Parse(args[1]), steps = long.Parse(args[2]);
        int threads = int.Parse(args[3]);
        var mlContext = new MLContext(seed: 1);
        var data = TokenRows.Load(mlContext, TokenRows.Fixed(rows, StandardConfig.Length, seed: 5));
        var estimator = StandardEncoder.Create(mlContext, RecurrentCell.Lstm, threads, maxTrainingSteps: steps);
        using var process = Process.GetCurrentProcess();
        long before = process.WorkingSet64;
        var clock = Stopwatch.StartNew();
        using (estimator.Fit(data)) { }
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new Result(rows, steps, process.PeakWorkingSet64, before, seconds)));
        return 0;
    }
}
