// Spoken digits from WAV files (the Free Spoken Digit Dataset, 5 speakers, 8 kHz), speaker-independent throughout:
// isolated digits by recurrent encoders beside 1-NN DTW and the frames' summary (IsolatedRecognition.cs), and connected
// digit strings by a CTC transcriber, in silence, at 20 dB SNR and spoken by espeak-ng's voices (StringRecognition.cs).
// Nothing is chosen on a test speaker: the front ends are the standard ones and the networks keep their defaults (the
// epochs by early stopping on 10% of the training rows).
//
//   dotnet run -c Release --project samples/SpeechDigits -- [recordings folder, default ../shared/data/free-spoken-digits/recordings] [--quick] [--isolated | --strings]
//   dotnet run -c Release --project samples/SpeechDigits -- --recognise <file.wav>   (after a run: the model it saved)
using System.Globalization;
using Microsoft.ML;
using SpeechDigits;

const int Seed = 1;
string results = Path.Combine(ProjectFolder(), "results");
string savedModel = Path.Combine(ProjectFolder(), "output", "digit-strings.zip");
int recognise = Array.IndexOf(args, "--recognise");
if (recognise >= 0)
{
    if (recognise + 1 >= args.Length) throw new ArgumentException("--recognise needs a WAV file: --recognise <file.wav>.");
    StringRecognition.Recognise(savedModel, args[recognise + 1], results);
    return;
}
bool quick = args.Contains("--quick"), strings = args.Contains("--strings"), isolated = args.Contains("--isolated");
var arguments = args.Where(a => !a.StartsWith("--")).ToList();
string folder = arguments.Count > 0 ? arguments[0] : Path.Combine("..", "shared", "data", "free-spoken-digits", "recordings");
var recordings = Recording.ReadFolder(folder);
// --quick: repetitions 0-9 of every speaker and digit, one held-out speaker, the GRU only for isolated digits.
if (quick) recordings = recordings.Where(r => r.Repetition < 10).ToList();
var speakers = recordings.Select(r => r.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
Console.WriteLine($"{recordings.Count} recordings of {speakers.Count} speakers ({string.Join(", ", speakers)}) from {folder}");

Directory.CreateDirectory(results);
if (!strings) IsolatedRecognition.Run(recordings, speakers, quick, Seed, results);
if (!isolated) StringRecognition.Run(recordings, speakers, quick, Seed, results, savedModel);

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "SpeechDigits.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}
