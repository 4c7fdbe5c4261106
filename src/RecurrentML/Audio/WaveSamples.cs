using NWaves.Audio;
using NWaves.Operations;
using NWaves.Signals;

namespace RecurrentML.Audio;

/// <summary>
/// Reads a WAV file with NWaves into mono samples in [−1, 1] at a given rate: channels averaged, resampled when the
/// file's rate differs. What NWaves would decode wrongly or silently (a-law, µ-law, other compressed formats,
/// 32-bit WAVE_FORMAT_EXTENSIBLE, which version 0.9.6 reads as zeros) is refused, and every failure names the file.
/// </summary>
internal static class WaveSamples
{
    private const short Pcm = 1, IeeeFloat = 3, Extensible = -2;   // WAVE format tags (0xFFFE read as a short)

    public static float[] Read(string path, int sampleRate)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidDataException("A WAV file path is empty; every row needs the path of a WAV file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The WAV file '{path}' does not exist.", path);
        WaveFile wave;
        try
        {
            using var stream = File.OpenRead(path);
            wave = new WaveFile(stream);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EndOfStreamException or DivideByZeroException or IndexOutOfRangeException)
        {
            // NWaves says FormatException for a missing RIFF/WAVE tag and runs past the end for a truncated file or a
            // missing chunk.
            throw new InvalidDataException($"'{path}' is not a readable WAV file ({Reason(e)}).", e);
        }
        var format = wave.WaveFmt;
        bool decodable = format.AudioFormat == Pcm || (format.AudioFormat == IeeeFloat && format.BitsPerSample == 32)
            || (format.AudioFormat == Extensible && format.BitsPerSample is 8 or 16 or 24);
        if (!decodable)
            throw new InvalidDataException($"'{path}' holds WAVE format {FormatName(format.AudioFormat)} at {format.BitsPerSample} bits; expected PCM " +
                "(8, 16, 24 or 32 bits) or 32-bit IEEE float. Convert it, e.g. with 'sox in.wav -e signed -b 16 out.wav'.");
        var signal = wave[Channels.Average];
        if (signal.Length == 0) throw new InvalidDataException($"'{path}' has no samples (its data chunk is empty).");
        if (signal.SamplingRate != sampleRate) signal = new Resampler().Resample(signal, sampleRate);
        return signal.Samples;
    }

    private static string Reason(Exception e) => e switch
    {
        EndOfStreamException => "it ends before its fmt and data chunks are complete",
        FormatException => e.Message.Contains("RIFF", StringComparison.Ordinal) || e.Message.Contains("WAVE", StringComparison.Ordinal)
            ? "no RIFF/WAVE header" : e.Message,
        _ => e.Message,
    };

    private static string FormatName(short tag) => tag switch
    {
        6 => "a-law (6)", 7 => "µ-law (7)", 2 => "ADPCM (2)", IeeeFloat => "IEEE float (3)", Extensible => "extensible (0xFFFE)", _ => $"{tag}",
    };
}
