using Microsoft.ML;
using RecurrentML.Interop;

namespace RecurrentML;

/// <summary>Audio in an ML.NET pipeline: WAV file paths as rows, and their frames of features as a column the recurrent
/// encoders read as float steps.</summary>
public static class AudioCatalog
{
    /// <summary>Adds a column of audio features computed from each row's WAV file (<see cref="AudioFeaturesOptions"/>:
    /// 13 MFCCs per 25 ms frame every 10 ms at 16 kHz by default). Give the encoder that reads it
    /// <c>FeaturesPerStep = options.FeaturesPerStep</c>.</summary>
    /// <example><code>
    /// var audio = new AudioFeaturesOptions { InputColumnName = "Path", OutputColumnName = "Features", SampleRate = 8000 };
    /// var pipeline = mlContext.Transforms.AudioFeatures(audio)
    ///     .Append(mlContext.Transforms.Gru(new GruOptions { InputColumnName = "Features", FeaturesPerStep = audio.FeaturesPerStep, ... }));
    /// </code></example>
    public static AudioFeaturesEstimator AudioFeatures(this TransformsCatalog catalog, AudioFeaturesOptions options)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return new AudioFeaturesEstimator(options);
    }

    /// <summary>The WAV files of a folder as rows: <c>Path</c> (the full path) and <c>FileName</c> (without the folder),
    /// in ordinal order of the name, for <see cref="AudioFeatures"/> to read.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="folder">The folder.</param>
    /// <param name="searchPattern">The files' pattern within the folder (wildcards * and ?), "*.wav" by default.</param>
    /// <param name="recursive">Whether to look in subfolders too.</param>
    public static IDataView LoadFromWaveFiles(this DataOperationsCatalog catalog, string folder, string searchPattern = "*.wav", bool recursive = false)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The folder '{folder}' of WAV files does not exist.");
        var files = Directory.GetFiles(folder, searchPattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).Select(path => new WaveFileRow { Path = Path.GetFullPath(path), FileName = Path.GetRelativePath(folder, path) }).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"No file in '{folder}' matches '{searchPattern}'{(recursive ? " (subfolders included)" : "")}.");
        return catalog.LoadFromEnumerable(files);
    }

    private sealed class WaveFileRow
    {
        public string Path { get; set; }
        public string FileName { get; set; }
    }
}
