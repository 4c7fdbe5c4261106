using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace RecurrentML.Interop;

/// <summary>What ML.NET's model header records about a component's entry in a model zip.</summary>
/// <param name="Signature">Eight characters that identify the component's entries.</param>
/// <param name="Written">The format version this code writes.</param>
/// <param name="EarliestReadable">The oldest format version this code reads.</param>
/// <param name="LoaderSignature">The name the component is registered under for loading.</param>
/// <param name="Component">What the entry holds, for messages ("recurrent encoder").</param>
internal sealed record ModelEntryFormat(string Signature, uint Written, uint EarliestReadable, string LoaderSignature, string Component)
{
    internal VersionInfo ToVersionInfo() => new(modelSignature: Signature, verWrittenCur: Written, verReadableCur: Written,
        verWeCanReadBack: EarliestReadable, loaderSignature: LoaderSignature, loaderAssemblyName: typeof(ModelEntryFormat).Assembly.FullName);

    /// <summary>Refuses an entry this code cannot read, given the format version it was written in and the oldest
    /// reader version it asks for, naming the version refused and the versions this build reads. A newer writer may
    /// ask only for a version this code reads (it kept the layout readable), so only the version asked for counts.</summary>
    internal void CheckReadable(uint written, uint readableBy)
    {
        string assembly = typeof(ModelEntryFormat).Assembly.GetName().Version?.ToString() ?? "unknown";
        string reads = $"RecurrentML {assembly} reads format versions 0x{EarliestReadable:X8} to 0x{Written:X8}";
        if (readableBy > written)
            throw new InvalidDataException(
                $"The model's {Component} entry has a damaged header: it says it was written in format version 0x{written:X8} but needs a reader of " +
                $"format version 0x{readableBy:X8}, a later one; the file was altered after it was saved.");
        if (readableBy > Written)
            throw new InvalidDataException(
                $"The model's {Component} was saved in format version 0x{written:X8} by a newer RecurrentML and needs a reader of format version " +
                $"0x{readableBy:X8} or later; {reads}. Update RecurrentML to load it.");
        if (written < EarliestReadable)
            throw new InvalidDataException(
                $"The model's {Component} was saved in format version 0x{written:X8} by an older RecurrentML; {reads}. " +
                "Fit the pipeline again to save it in the current format.");
    }
}

/// <summary>
/// A component's entry in an ML.NET model zip, written and read the way ML.NET's own transforms do: a model header
/// (<see cref="ModelEntryFormat"/>), strings in the zip's string table, then the component's own bytes. The members of
/// ML.NET's <see cref="ModelSaveContext"/> and <see cref="ModelLoadContext"/> are internal ([BestFriend]); this is
/// the only place RecurrentML uses them.
/// </summary>
internal static class ModelEntry
{
    public static void Write(ModelSaveContext context, ModelEntryFormat format, Action<ModelEntryWriter> write)
    {
        context.CheckAtModel();
        context.SetVersionInfo(format.ToVersionInfo());
        write(new ModelEntryWriter(context, format));
    }

    /// <summary>Reads an entry after <see cref="ModelEntryFormat.CheckReadable"/> has seen the versions in its header,
    /// before ML.NET's own check, so that it can say what is wrong.</summary>
    public static T Read<T>(ModelLoadContext context, ModelEntryFormat format, Func<ModelEntryReader, T> read)
    {
        format.CheckReadable(context.Header.ModelVerWritten, context.Header.ModelVerReadable);
        context.CheckAtModel(format.ToVersionInfo());
        return read(new ModelEntryReader(context));
    }
}

/// <summary>Writes an entry's strings (into the zip's string table) and bytes.</summary>
internal sealed class ModelEntryWriter
{
    private readonly ModelSaveContext _context;
    private readonly ModelEntryFormat _format;

    internal ModelEntryWriter(ModelSaveContext context, ModelEntryFormat format)
    {
        _context = context;
        _format = format;
    }

    public BinaryWriter Writer => _context.Writer;

    public void WriteString(string value) => _context.SaveNonEmptyString(value);

    public void WriteStringOrNull(string value) => _context.SaveStringOrNull(value);

    /// <summary>The entry's header fields as text, for a checksum (<see cref="ModelEntryHeader"/>).</summary>
    public IReadOnlyList<string> HeaderFields => ModelEntryHeader.Fields(_context.Header, _format.ToVersionInfo().LoaderAssemblyName);
}

/// <summary>Reads an entry's strings and bytes.</summary>
internal sealed class ModelEntryReader
{
    private readonly ModelLoadContext _context;

    internal ModelEntryReader(ModelLoadContext context) => _context = context;

    public BinaryReader Reader => _context.Reader;

    public string ReadString() => _context.LoadNonEmptyString();

    public string ReadStringOrNull() => _context.LoadStringOrNull();

    /// <summary>The format version the entry was written in.</summary>
    public uint WrittenVersion => _context.Header.ModelVerWritten;

    /// <summary>The entry's header fields as text, for a checksum (<see cref="ModelEntryHeader"/>).</summary>
    public IReadOnlyList<string> HeaderFields => ModelEntryHeader.Fields(_context.Header, _context.LoaderAssemblyName);
}

/// <summary>The fields of ML.NET's model header that say what an entry is and who reads it: its signature, the format
/// version it was written in and the one it needs, the loader's signatures and the loader's assembly name. The
/// offsets and sizes in the header are ML.NET's to check.</summary>
internal static class ModelEntryHeader
{
    public static IReadOnlyList<string> Fields(ModelHeader header, string loaderAssemblyName) =>
    [
        $"{header.ModelSignature:X16}", $"{header.ModelVerWritten:X8}", $"{header.ModelVerReadable:X8}",
        $"{header.LoaderSignature0:X16}{header.LoaderSignature1:X16}{header.LoaderSignature2:X16}",
        $"{header.LoaderSignatureAlt0:X16}{header.LoaderSignatureAlt1:X16}{header.LoaderSignatureAlt2:X16}",
        loaderAssemblyName,
    ];
}
