using NWaves.Audio;
using NWaves.Operations;
using NWaves.Signals;

namespace SpeechDigits;

/// <summary>Mono WAV files with NWaves: samples in [−1, 1] in, 16-bit PCM out.</summary>
internal static class MonoWave
{
    /// <summary>The samples of <paramref name="path"/> at <paramref name="sampleRate"/>: channels averaged, resampled when
    /// the file's rate differs.</summary>
    public static float[] Read(string path, int sampleRate)
    {
        WaveFile wave;
        using (var stream = File.OpenRead(path))
            wave = new WaveFile(stream);
        var signal = wave[Channels.Average];
        return signal.SamplingRate == sampleRate ? signal.Samples : new Resampler().Resample(signal, sampleRate).Samples;
    }

    /// <summary>
    /// Writes <paramref name="samples"/> to <paramref name="path"/> as 16-bit PCM, replacing any file there. Samples are
    /// rounded and clipped to 16 bits here because NWaves 0.9.6 truncates, and wraps a full-scale sample to the opposite
    /// sign. The file is written beside its name and then moved onto it, so a reader never sees half a file.
    /// </summary>
    public static void Write(string path, float[] samples, int sampleRate)
    {
        var scaled = samples.Select(s => MathF.Round(Math.Clamp(s * 32768f, short.MinValue, short.MaxValue))).ToArray();
        string partial = path + ".partial";
        using (var stream = File.Create(partial))
            new WaveFile(new DiscreteSignal(sampleRate, scaled), bitsPerSample: 16).SaveTo(stream, normalized: false);
        File.Move(partial, path, overwrite: true);
    }
}
