using System.IO.Compression;
using System.Text;

namespace RecurrentML.Tests;

/// <summary>A saved model zip's entries in memory, so that a test can write the same zip with one entry changed.</summary>
internal sealed class ModelZip
{
    private readonly List<(string Name, byte[] Bytes)> _entries = new();

    public ModelZip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            _entries.Add((entry.FullName, copy.ToArray()));
        }
    }

    public byte[] this[string name] => _entries.Single(e => e.Name == name).Bytes;

    /// <summary>The Model.key entry of the component whose 8-character model signature is <paramref name="signature"/>
    /// (ML.NET's model header keeps it at byte 64), e.g. "RNNENCDR" for the recurrent encoder.</summary>
    public string EntryWithSignature(string signature) => _entries.Single(e =>
        e.Name.EndsWith("Model.key") && e.Bytes.Length > 80 && e.Bytes.AsSpan(64, 8).SequenceEqual(Encoding.ASCII.GetBytes(signature))).Name;

    /// <summary>The zip with entry <paramref name="name"/> holding <paramref name="bytes"/> instead.</summary>
    public byte[] With(string name, byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (entryName, entryBytes) in _entries)
            {
                using var stream = archive.CreateEntry(entryName, CompressionLevel.Fastest).Open();
                stream.Write(entryName == name ? bytes : entryBytes);
            }
        return output.ToArray();
    }
}
