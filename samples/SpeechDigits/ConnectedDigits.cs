using System.Globalization;

namespace SpeechDigits;

/// <summary>One connected-digit utterance: a WAV of one speaker saying <see cref="Transcript"/>, e.g. "3147".</summary>
internal sealed class ConnectedUtterance
{
    public string Path { get; set; } = "";
    public string Speaker { get; set; } = "";
    public string Transcript { get; set; } = "";
}

/// <summary>
/// Connected digits for a sequence recogniser, made from isolated FSDD recordings: each utterance is one speaker's
/// recordings of random digits joined by random pauses, so the transcript is known without anyone saying it.
/// </summary>
internal static class ConnectedDigits
{
    public const int SampleRate = 8000;
    public const int MinDigits = 3, MaxDigits = 7;
    private const int EdgeSilence = SampleRate / 10;                            // 100 ms before the first digit and after the last
    private const int MinPause = SampleRate / 20, MaxPause = SampleRate * 3 / 10; // 50-300 ms between digits

    /// <summary>
    /// Writes <paramref name="count"/> utterances into <paramref name="folder"/>, each by one speaker of
    /// <paramref name="recordings"/> (so the caller chooses the speakers by the recordings it passes), and returns them in
    /// order. With <paramref name="snrDb"/>, white Gaussian noise is added over the whole utterance at that ratio to the
    /// power of the recordings' samples: the pauses are not speech and would otherwise make the noise quieter as they
    /// lengthen. The noise has its own random stream, so a seed gives the same speakers, digits, recordings and pauses with
    /// noise as without. Files are always written: a file name cannot tell which recordings made an existing file.
    /// </summary>
    public static List<ConnectedUtterance> Generate(IReadOnlyList<Recording> recordings, int count, int seed, string folder, double? snrDb = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist; create it first.");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (snrDb is double snr && !double.IsFinite(snr)) throw new ArgumentOutOfRangeException(nameof(snrDb), snrDb, "The signal-to-noise ratio must be a finite number of decibels.");
        var speakers = DigitsBySpeaker(recordings);
        var speakerNames = speakers.Keys.Order(StringComparer.Ordinal).ToList();
        var samplesByPath = new Dictionary<string, float[]>();
        var random = new Random(seed);
        var utterances = new List<ConnectedUtterance>(count);
        for (int index = 0; index < count; index++)
        {
            string speaker = speakerNames[random.Next(speakerNames.Count)];
            string transcript = RandomTranscript(random);
            int noiseSeed = random.Next();
            var samples = new List<float>(new float[EdgeSilence]);
            double speechEnergy = 0;
            int speechLength = 0;
            for (int d = 0; d < transcript.Length; d++)
            {
                if (d > 0) samples.AddRange(new float[random.Next(MinPause, MaxPause + 1)]);
                var takes = speakers[speaker][transcript[d] - '0'];
                string path = takes[random.Next(takes.Count)].Path;
                if (!samplesByPath.TryGetValue(path, out var digit)) samplesByPath[path] = digit = MonoWave.Read(path, SampleRate);
                samples.AddRange(digit);
                speechEnergy += digit.Sum(s => (double)s * s);
                speechLength += digit.Length;
            }
            samples.AddRange(new float[EdgeSilence]);
            var utterance = samples.ToArray();
            if (snrDb is double ratio && speechLength > 0)
                AddNoise(utterance, Math.Sqrt(speechEnergy / speechLength / Math.Pow(10, ratio / 10)), new Random(noiseSeed));
            string file = System.IO.Path.Combine(folder, $"{index:D5}_{speaker}_{transcript}.wav");
            MonoWave.Write(file, utterance, SampleRate);
            utterances.Add(new ConnectedUtterance { Path = file, Speaker = speaker, Transcript = transcript });
        }
        return utterances;
    }

    /// <summary>A digit string of <see cref="MinDigits"/> to <see cref="MaxDigits"/> digits, every length and digit equally likely.</summary>
    public static string RandomTranscript(Random random) =>
        new(Enumerable.Range(0, random.Next(MinDigits, MaxDigits + 1)).Select(_ => (char)('0' + random.Next(10))).ToArray());

    /// <summary>Each speaker's recordings of each digit (index 0-9), in ordinal order of the path so that a seed does not
    /// depend on the order the caller passes them in; a speaker missing a digit is an error naming both.</summary>
    private static Dictionary<string, List<Recording>[]> DigitsBySpeaker(IReadOnlyList<Recording> recordings)
    {
        if (recordings.Count == 0) throw new ArgumentException("No recordings were given: pass the recordings of the speakers allowed.", nameof(recordings));
        var speakers = new Dictionary<string, List<Recording>[]>();
        foreach (var group in recordings.GroupBy(r => r.Speaker))
        {
            var digits = Enumerable.Range(0, 10)
                .Select(d => group.Where(r => r.Label == d.ToString(CultureInfo.InvariantCulture)).OrderBy(r => r.Path, StringComparer.Ordinal).ToList()).ToArray();
            var missing = Enumerable.Range(0, 10).Where(d => digits[d].Count == 0).ToList();
            if (missing.Count > 0)
                throw new ArgumentException($"Speaker '{group.Key}' has no recording of digit {string.Join(", ", missing)}: every speaker allowed needs all ten digits.", nameof(recordings));
            speakers[group.Key] = digits;
        }
        return speakers;
    }

    /// <summary>Adds white Gaussian noise of standard deviation <paramref name="sigma"/> (Box-Muller on <paramref name="random"/>).</summary>
    private static void AddNoise(float[] samples, double sigma, Random random)
    {
        for (int i = 0; i < samples.Length; i++)
            samples[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }
}
