using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;

namespace SpeechDigits;

/// <summary>
/// Connected digits, speaker-independent: for each held-out speaker, a transcriber (StringPipeline.cs) trained on
/// digit strings made from the other speakers' recordings (half of them with white noise at 20 dB SNR) transcribes
/// strings made from the held-out speaker's recordings, in silence and at 20 dB, and espeak-ng's synthetic voices
/// (never trained on). Digit error rate = edit distance over reference digits; string accuracy = whole strings right.
/// Greedy and prefix-beam decoding of the same per-step outputs.
/// </summary>
internal static class StringRecognition
{
    public static void Run(IReadOnlyList<Recording> recordings, IReadOnlyList<string> speakers, bool quick, int seed, string results, string savedModel)
    {
        int trainStrings = quick ? 400 : 2000, testStrings = quick ? 50 : 200;
        string work = Path.Combine(Path.GetTempPath(), "speechdigits-strings");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        List<SyntheticUtterance> synthetic = null;
        try
        {
            synthetic = SyntheticVoice.Generate(quick ? 5 : 25, seed, Folder(work, "synthetic"));
        }
        catch (FileNotFoundException e)
        {
            Console.WriteLine($"  {e.Message}");
        }

        var audio = StringPipeline.Audio();
        var conditions = new[] { "silence", "20 dB SNR", "espeak-ng voices" };
        var scores = new Dictionary<(string Speaker, string Condition), (TranscriptionMetrics Greedy, TranscriptionMetrics Beam)>();
        foreach (string speaker in quick ? speakers.Take(1) : speakers)
        {
            var clock = Stopwatch.StartNew();
            var others = recordings.Where(r => r.Speaker != speaker).ToList();
            var own = recordings.Where(r => r.Speaker == speaker).ToList();
            var train = ConnectedDigits.Generate(others, trainStrings / 2, seed, Folder(work, speaker, "train-clean"))
                .Concat(ConnectedDigits.Generate(others, trainStrings - trainStrings / 2, seed + 1, Folder(work, speaker, "train-noisy"), snrDb: 20)).ToList();
            var tests = new Dictionary<string, List<DigitString>>
            {
                ["silence"] = Rows(ConnectedDigits.Generate(own, testStrings, seed + 2, Folder(work, speaker, "test-clean"))),
                // The same strings, recordings and pauses with noise added.
                ["20 dB SNR"] = Rows(ConnectedDigits.Generate(own, testStrings, seed + 2, Folder(work, speaker, "test-noisy"), snrDb: 20)),
            };
            if (synthetic != null) tests["espeak-ng voices"] = synthetic.Select(s => new DigitString { Path = s.Path, Digits = s.Transcript }).ToList();

            var mlContext = new MLContext(seed: seed);
            var model = StringPipeline.Create(mlContext, audio, seed).Fit(mlContext.Data.LoadFromEnumerable(Rows(train)));
            double fitSeconds = clock.Elapsed.TotalSeconds;
            var transcriber = ((IEnumerable<ITransformer>)model).OfType<RecurrentTranscriberTransformer>().Single();
            foreach (var (condition, rows) in tests)
            {
                var frames = model.Transform(mlContext.Data.LoadFromEnumerable(rows)).GetColumn<float[]>(audio.OutputColumnName).ToArray();
                var outputs = frames.Select(f => transcriber.StepLogProbabilities(f)).ToList();
                var greedy = TranscriptionMetrics.Compute(rows.Select((r, i) => (r.Digits, transcriber.Decode(outputs[i], beamWidth: 1))));
                var beam = TranscriptionMetrics.Compute(rows.Select((r, i) => (r.Digits, transcriber.Decode(outputs[i]))));
                scores[(speaker, condition)] = (greedy, beam);
                Console.WriteLine($"  {speaker} held out, {condition}: digit error rate {Percent(greedy.SymbolErrorRate)} greedy, {Percent(beam.SymbolErrorRate)} beam; " +
                    $"strings right {Percent(greedy.StringAccuracy)} greedy, {Percent(beam.StringAccuracy)} beam");
            }
            Console.WriteLine($"  {speaker}: {train.Count} training strings, fit {fitSeconds:F0} s, all {clock.Elapsed.TotalSeconds:F0} s");
            if (speaker == speakers[0])
            {
                // The first held-out speaker's model: saved for --recognise, and its first test string drawn.
                Directory.CreateDirectory(Path.GetDirectoryName(savedModel));
                mlContext.Model.Save(model, mlContext.Data.LoadFromEnumerable(Rows(train)).Schema, savedModel);
                Console.WriteLine($"  Saved the model trained without {speaker} to {savedModel}");
                Draw(model, tests["silence"][0], $"{speaker}'s voice, never trained on", Path.Combine(results, quick ? "string-quick.png" : "string.png"));
            }
            (model as IDisposable)?.Dispose();
        }

        var folds = scores.Keys.Select(k => k.Speaker).Distinct().ToList();
        string header = "| condition | decoding | " + string.Join(" | ", folds) + " | mean digit error rate | mean string accuracy |\n|---|---|" + string.Concat(Enumerable.Repeat("---:|", folds.Count + 2));
        var lines = new List<string>();
        foreach (string condition in conditions.Where(c => folds.All(f => scores.ContainsKey((f, c)))))
        {
            var fold = folds.Select(f => scores[(f, condition)]).ToList();
            foreach (var (decoding, metrics) in new[] { ("greedy", fold.Select(s => s.Greedy).ToList()), ("prefix beam", fold.Select(s => s.Beam).ToList()) })
                lines.Add($"| {condition} | {decoding} | {string.Join(" | ", metrics.Select(m => Percent(m.SymbolErrorRate)))} | {Percent(metrics.Average(m => m.SymbolErrorRate))} | {Percent(metrics.Average(m => m.StringAccuracy))} |");
        }
        Console.WriteLine();
        Console.WriteLine(header);
        lines.ForEach(Console.WriteLine);
        File.WriteAllText(Path.Combine(results, quick ? "strings-quick.md" : "strings.md"),
            $"# Connected digits: digit error rate by held-out speaker\n\n{trainStrings} training strings of 3-7 digits per held-out speaker (from the other " +
            $"speakers' recordings, half at 20 dB SNR); {testStrings} test strings from the held-out speaker's recordings, the same strings with noise at 20 dB; " +
            $"{synthetic?.Count ?? 0} espeak-ng strings (never trained on) scored by each speaker's model. A speaker's column is the digit error rate with that " +
            "speaker held out.\n\n" + header + "\n" + string.Join('\n', lines) + "\n");
    }

    /// <summary>Transcribes one WAV file with a saved model and draws it.</summary>
    public static void Recognise(string savedModel, string wav, string results)
    {
        if (!File.Exists(savedModel))
            throw new FileNotFoundException($"No saved model at '{savedModel}': run the sample first (--strings --quick is enough), which saves one there.", savedModel);
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(savedModel, out _);
        var row = new DigitString { Path = Path.GetFullPath(wav) };
        var engine = mlContext.Model.CreatePredictionEngine<DigitString, Recognised>(model);
        Console.WriteLine($"{wav}: {engine.Predict(row).Transcript}");
        string chart = Path.Combine(results, Path.GetFileNameWithoutExtension(wav) + ".png");
        Draw(model, row, Path.GetFileName(wav), chart);
        Console.WriteLine($"Wrote {chart}");
    }

    /// <summary>One utterance's features, its per-step outputs and its transcript, as a PNG.</summary>
    private static void Draw(ITransformer model, DigitString row, string title, string path)
    {
        var mlContext = new MLContext();
        var transcriber = ((IEnumerable<ITransformer>)model).OfType<RecurrentTranscriberTransformer>().Single();
        var audio = ((IEnumerable<ITransformer>)model).OfType<AudioFeaturesTransformer>().Single().Options;
        var frames = model.Transform(mlContext.Data.LoadFromEnumerable([row])).GetColumn<float[]>(audio.OutputColumnName).Single();
        var outputs = transcriber.StepLogProbabilities(frames);
        TranscriptChart.Write(frames, audio.FeaturesPerStep, audio.HopMilliseconds, outputs, transcriber.Symbols, transcriber.Decode(outputs), row.Digits, title, path);
    }

    private sealed class Recognised
    {
        public string Transcript { get; set; } = "";
    }

    private static List<DigitString> Rows(IEnumerable<ConnectedUtterance> utterances) =>
        utterances.Select(u => new DigitString { Path = u.Path, Digits = u.Transcript }).ToList();

    private static string Folder(params string[] parts)
    {
        string folder = Path.Combine(parts);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Percent(double value) => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
