using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecurrentML.Bench;

/// <summary>Runs <c>bench/reference/pytorch_rnn.py</c> (measure (1) in PyTorch) with the first Python that can import
/// torch, in this same run, so the ratio compares numbers taken minutes apart on the same machine.</summary>
internal static class PyTorchReference
{
    public sealed record Result(
        [property: JsonPropertyName("cell")] string Cell,
        [property: JsonPropertyName("step_ms_median")] double StepMillisecondsMedian,
        [property: JsonPropertyName("step_ms_mean")] double StepMillisecondsMean,
        [property: JsonPropertyName("tokens_per_second")] double TokensPerSecond,
        [property: JsonPropertyName("torch_version")] string TorchVersion,
        [property: JsonPropertyName("threads")] int Threads);

    /// <summary>Python interpreters tried in order; Debian's python3-torch lives in the system Python.</summary>
    private static readonly string[] Candidates = { "python3", "/usr/bin/python3" };

    public static string FindPython(string preferred)
    {
        foreach (var python in preferred != null ? new[] { preferred } : Candidates)
        {
            try
            {
                var (exitCode, _, _) = Run(python, "-c", "import torch");
                if (exitCode == 0) return python;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name; try the next.
            }
        }
        return null;
    }

    public static List<Result> Measure(string python, string script, int steps, int threads)
    {
        var (exitCode, output, error) = Run(python, script, "--steps", steps.ToString(), "--threads", threads.ToString());
        if (exitCode != 0) throw new InvalidOperationException($"{script} exited with {exitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<Result>(line)).ToList();
    }

    private static (int ExitCode, string Output, string Error) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
