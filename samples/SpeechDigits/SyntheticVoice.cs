using System.Diagnostics;
using System.Globalization;

namespace SpeechDigits;

/// <summary>One digit string spoken by espeak-ng.</summary>
internal sealed class SyntheticUtterance
{
    public string Path { get; set; } = "";
    public string Voice { get; set; } = "";
    public int WordsPerMinute { get; set; }
    public string Transcript { get; set; } = "";
}

/// <summary>
/// Digit strings spoken by espeak-ng, a voice no FSDD speaker resembles: a test of whether a recogniser trained on the
/// recorded speakers hears digits or their voices.
/// </summary>
internal static class SyntheticVoice
{
    public static readonly IReadOnlyList<string> DefaultVoices = ["en", "en-us", "en+f3", "en+m3"];
    public static readonly IReadOnlyList<int> DefaultWordsPerMinute = [130, 175];   // 175 is espeak-ng's default
    private const string EspeakNg = "espeak-ng";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Writes <paramref name="count"/> random digit strings (as <see cref="ConnectedDigits.RandomTranscript"/> draws them
    /// from <paramref name="seed"/>), each spoken by every voice at every rate, into <paramref name="folder"/> as 8 kHz
    /// 16-bit WAVs, so that voices and rates are compared on the same strings. espeak-ng not on PATH is an error that says
    /// how to install it.
    /// </summary>
    public static List<SyntheticUtterance> Generate(int count, int seed, string folder, IReadOnlyList<string> voices = null, IReadOnlyList<int> wordsPerMinute = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist; create it first.");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        string espeak = FindOnPath(EspeakNg)
            ?? throw new FileNotFoundException($"{EspeakNg} is not on PATH: install it (apt-get install espeak-ng); without it the synthetic-voice table is skipped.", EspeakNg);
        var random = new Random(seed);
        var utterances = new List<SyntheticUtterance>();
        for (int index = 0; index < count; index++)
        {
            string transcript = ConnectedDigits.RandomTranscript(random);
            foreach (string voice in voices ?? DefaultVoices)
                foreach (int rate in wordsPerMinute ?? DefaultWordsPerMinute)
                {
                    string file = System.IO.Path.Combine(folder, $"{index:D5}_{voice}_{rate}wpm_{transcript}.wav");
                    MonoWave.Write(file, Speak(espeak, voice, rate, transcript), ConnectedDigits.SampleRate);
                    utterances.Add(new SyntheticUtterance { Path = file, Voice = voice, WordsPerMinute = rate, Transcript = transcript });
                }
        }
        return utterances;
    }

    /// <summary>
    /// The samples of espeak-ng saying the digits of <paramref name="transcript"/> as separate words ("3 1 4", not
    /// "three hundred and fourteen"), resampled from espeak-ng's 22050 Hz. A failure, a silent result or a run past
    /// <see cref="Timeout"/> (then stopped) is an error naming the command.
    /// </summary>
    private static float[] Speak(string espeak, string voice, int wordsPerMinute, string transcript)
    {
        string raw = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"espeak-{Guid.NewGuid():N}.wav");
        var start = new ProcessStartInfo(espeak) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-v", voice, "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", raw, string.Join(' ', transcript.ToCharArray()) })
            start.ArgumentList.Add(argument);
        string command = $"{EspeakNg} {string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}";
        try
        {
            using var process = Process.Start(start);
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{command}' did not finish within {Timeout.TotalSeconds:F0} s and was stopped.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"'{command}' failed with exit code {process.ExitCode}: {(errors.Result + output.Result).Trim()}");
            var samples = File.Exists(raw) ? MonoWave.Read(raw, ConnectedDigits.SampleRate) : [];
            if (!samples.Any(s => s != 0)) throw new InvalidDataException($"'{command}' exited normally but wrote no sound.");
            return samples;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>The full path of <paramref name="name"/> on PATH, or null: looked up before starting it so that a missing
    /// espeak-ng is told apart from one that fails.</summary>
    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
