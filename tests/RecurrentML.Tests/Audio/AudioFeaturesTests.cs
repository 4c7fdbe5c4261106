using Microsoft.ML;
using Microsoft.ML.Data;
using NWaves.Audio;
using NWaves.Signals;
using Xunit;

namespace RecurrentML.Tests.Audio;

/// <summary>
/// The audio features transform: WAV paths in, frames of MFCC or log-mel features out, checked on shipped FSDD
/// recordings (Audio/Data/SOURCE.md) and on files written here: frame counts, a tone's energy in the right mel band,
/// resampling, silence, every malformed file named in its error, and the same features after save/load and from a
/// PredictionEngine.
/// </summary>
public class AudioFeaturesTests : IDisposable
{
    private static readonly string Recordings = Path.Combine(AppContext.BaseDirectory, "Audio", "Data");
    private readonly string _folder = Directory.CreateTempSubdirectory("recurrentml-audio-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class PathRow
    {
        public string Path { get; set; }
    }

    private static float[][] Features(MLContext mlContext, AudioFeaturesOptions options, params string[] paths)
    {
        var data = mlContext.Data.LoadFromEnumerable(paths.Select(p => new PathRow { Path = p }));
        var transformed = mlContext.Transforms.AudioFeatures(options).Fit(data).Transform(data);
        return transformed.GetColumn<float[]>(options.OutputColumnName).ToArray();
    }

    private string WriteSignal(string name, int rate, float[] samples)
    {
        string path = Path.Combine(_folder, name);
        using var stream = File.Create(path);
        new WaveFile(new DiscreteSignal(rate, samples), 16).SaveTo(stream);
        return path;
    }

    /// <summary>A RIFF/WAVE file with the given format tag, bit depth and data bytes, written by hand.</summary>
    private string WriteRaw(string name, short formatTag, short bits, byte[] data, int rate = 8000)
    {
        string path = Path.Combine(_folder, name);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("RIFF"u8);
        writer.Write(36 + data.Length);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write(formatTag);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * bits / 8);
        writer.Write((short)(bits / 8));
        writer.Write(bits);
        writer.Write("data"u8);
        writer.Write(data.Length);
        writer.Write(data);
        return path;
    }

    private static float[] Tone(int rate, double hertz, double seconds) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(t => (float)(0.5 * Math.Sin(2 * Math.PI * hertz * t / rate))).ToArray();

    [Fact]
    public void A_recording_becomes_one_row_of_frames_of_13_coefficients_with_their_mean_removed()
    {
        var mlContext = new MLContext(seed: 1);
        string path = Path.Combine(Recordings, "3_jackson_5.wav");
        var options = new AudioFeaturesOptions { SampleRate = 8000 };
        var row = Features(mlContext, options, path).Single();

        long samples = (new FileInfo(path).Length - 44) / 2;   // 16-bit mono PCM after a 44-byte header
        int frames = (int)((samples - 200) / 80 + 1);          // 25 ms frames every 10 ms at 8 kHz: 200 and 80 samples
        Assert.Equal(13, options.FeaturesPerStep);
        Assert.Equal(frames * 13, row.Length);
        Assert.All(row, v => Assert.True(float.IsFinite(v)));
        for (int c = 0; c < 13; c++)
        {
            double mean = Enumerable.Range(0, frames).Average(f => row[f * 13 + c]);
            Assert.True(Math.Abs(mean) < 1e-3, $"coefficient {c} has mean {mean} after mean normalisation");
        }
        // Speech varies: the coefficients are not constant over the frames.
        Assert.True(Enumerable.Range(0, frames).Select(f => row[f * 13 + 1]).Distinct().Count() > frames / 2);
    }

    [Fact]
    public void A_tone_puts_its_energy_in_the_mel_band_around_its_frequency_whatever_the_file_rate()
    {
        var mlContext = new MLContext(seed: 1);
        var options = new AudioFeaturesOptions { Kind = AudioFeatureKind.LogMel, SampleRate = 8000, MelBands = 24, NormalizeMean = false };
        // The same 1 kHz tone recorded at 8 kHz and at 16 kHz (resampled to 8 kHz when read).
        string at8 = WriteSignal("tone8.wav", 8000, Tone(8000, 1000, 0.5)), at16 = WriteSignal("tone16.wav", 16000, Tone(16000, 1000, 0.5));
        var rows = Features(mlContext, options, at8, at16);
        Assert.Equal(24, options.FeaturesPerStep);
        // Resampling keeps the duration: the frame counts agree within a frame.
        Assert.InRange(rows[1].Length / 24, rows[0].Length / 24 - 1, rows[0].Length / 24 + 1);

        // The mel band whose centre is nearest 1 kHz: 24 bands between 0 and 4 kHz on the mel scale.
        static double Mel(double hz) => 1127 * Math.Log(1 + hz / 700);
        double step = Mel(4000) / 25;
        int expected = Enumerable.Range(0, 24).MinBy(b => Math.Abs(Mel(1000) - step * (b + 1)));
        foreach (var row in rows)
        {
            int middle = row.Length / 24 / 2;
            var frame = row.AsSpan(middle * 24, 24).ToArray();
            int loudest = Array.IndexOf(frame, frame.Max());
            Assert.InRange(loudest, expected - 1, expected + 1);
            Assert.True(frame[loudest] - frame.Where((_, b) => Math.Abs(b - loudest) > 3).Max() > 3, "the tone's band is not far above the distant bands");
        }
    }

    [Fact]
    public void Silence_and_a_recording_shorter_than_a_frame_give_finite_frames_and_deltas_triple_the_width()
    {
        var mlContext = new MLContext(seed: 1);
        var options = new AudioFeaturesOptions { SampleRate = 8000, Deltas = 2 };
        string silence = WriteSignal("silence.wav", 8000, new float[8000]), tiny = WriteSignal("tiny.wav", 8000, Tone(8000, 440, 0.005));
        var rows = Features(mlContext, options, silence, tiny);
        Assert.Equal(39, options.FeaturesPerStep);
        Assert.Equal((8000 - 200) / 80 + 1, rows[0].Length / 39);
        Assert.Equal(39, rows[1].Length);   // 40 samples, padded to one frame
        Assert.All(rows.SelectMany(r => r), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error_naming_the_column_the_row_the_file_and_what_is_wrong()
    {
        var mlContext = new MLContext(seed: 1);
        string notWave = Path.Combine(_folder, "notes.wav");
        File.WriteAllText(notWave, "these are not samples, only some text that is long enough to be read as a header");
        string truncated = Path.Combine(_folder, "truncated.wav");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Path.Combine(Recordings, "0_george_5.wav"))[..30]);
        var cases = new (string Path, string Expected)[]
        {
            (Path.Combine(_folder, "missing.wav"), "does not exist"),
            (notWave, "is not a readable WAV file"),
            (truncated, "is not a readable WAV file"),
            (WriteRaw("alaw.wav", 6, 8, new byte[800]), "a-law (6)"),
            (WriteRaw("empty.wav", 1, 16, []), "has no samples"),
        };
        foreach (var (path, expected) in cases)
        {
            var options = new AudioFeaturesOptions { SampleRate = 8000 };
            var error = Assert.Throws<InvalidDataException>(() => Features(mlContext, options, Path.Combine(Recordings, "1_theo_5.wav"), path));
            Assert.Contains("Column 'Path', row 1", error.Message);
            Assert.Contains(path, error.Message);
            Assert.Contains(expected, error.Message);
        }
    }

    [Fact]
    public void A_path_column_of_another_type_and_bad_options_are_refused_before_any_file_is_read()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new NumberRow { Path = 1 } });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.AudioFeatures(new AudioFeaturesOptions()).Fit(data));
        Assert.Contains("Input column 'Path' has type Single; expected String", error.Message);
        var options = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.AudioFeatures(new AudioFeaturesOptions { Coefficients = 30, MelBands = 24 }));
        Assert.Contains("Coefficients is 30; expected 1 to MelBands (24)", options.Message);
    }

    private sealed class NumberRow
    {
        public float Path { get; set; }
    }

    private sealed class FeaturesRow
    {
        public float[] Features { get; set; }
    }

    [Fact]
    public void A_saved_model_computes_the_same_features_and_a_prediction_engine_scores_one_file()
    {
        var mlContext = new MLContext(seed: 1);
        var files = mlContext.Data.LoadFromWaveFiles(Recordings, "*_george_5.wav");
        Assert.Equal(10, files.GetRowCount() ?? files.GetColumn<string>("Path").Count());
        var options = new AudioFeaturesOptions { SampleRate = 8000, Kind = AudioFeatureKind.LogMel, MelBands = 20, Deltas = 1, FrameMilliseconds = 30, HopMilliseconds = 15 };
        var model = mlContext.Transforms.AudioFeatures(options).Fit(files);
        var expected = model.Transform(files).GetColumn<float[]>("Features").ToArray();

        string zip = Path.Combine(_folder, "audio.zip");
        mlContext.Model.Save(model, files.Schema, zip);
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        Assert.Equal(expected, loaded.Transform(files).GetColumn<float[]>("Features").ToArray());
        var audio = loaded is TransformerChain<ITransformer> chain ? chain.Single() : loaded;
        Assert.Equal(40, Assert.IsType<AudioFeaturesTransformer>(audio).FeaturesPerStep);

        var engine = mlContext.Model.CreatePredictionEngine<PathRow, FeaturesRow>(loaded);
        var paths = files.GetColumn<string>("Path").ToArray();
        Assert.Equal(expected[4], engine.Predict(new PathRow { Path = paths[4] }).Features);
    }
}
