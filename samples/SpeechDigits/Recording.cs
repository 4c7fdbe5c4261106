using System.Globalization;

namespace SpeechDigits;

/// <summary>One FSDD recording: <c>{digit}_{speaker}_{repetition}.wav</c>.</summary>
internal sealed class Recording
{
    public string Path { get; set; } = "";
    public string Label { get; set; } = "";
    public string Speaker { get; set; } = "";
    public int Repetition { get; set; }

    /// <summary>Every recording of <paramref name="folder"/>, in ordinal order of the file name; a name that does not
    /// follow the pattern is an error naming it.</summary>
    public static List<Recording> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"'{folder}' does not exist: download the Free Spoken Digit Dataset (see samples/SpeechDigits/README.md) and pass its recordings folder.");
        return Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).Select(path =>
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(path).Split('_');
            if (parts.Length != 3 || parts[0].Length != 1 || !char.IsAsciiDigit(parts[0][0]) || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int repetition))
                throw new InvalidDataException($"'{path}' is not named {{digit}}_{{speaker}}_{{repetition}}.wav as FSDD's recordings are.");
            return new Recording { Path = path, Label = parts[0], Speaker = parts[1], Repetition = repetition };
        }).ToList();
    }
}
