using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace RecurrentML.Interop;

/// <summary>What ML.NET's model header records about a component's entry in a model zip.</summary>
/// <param name="Signature">Eight characters that identify the component's entries.</param>
/// <param name="Written">The format version this code writes.</param>
/// <param name="EarliestReadable">The oldest format version this code reads.</param>
/// <param name="LoaderSignature">The name the component is registered under for loading.</param>
internal sealed record ModelEntryFormat(string Signature, uint Written, uint EarliestReadable, string LoaderSignature)
{
    internal VersionInfo ToVersionInfo() => new(modelSignature: Signature, verWrittenCur: Written, verReadableCur: Written,
        verWeCanReadBack: EarliestReadable, loaderSignature: LoaderSignature, loaderAssemblyName: typeof(ModelEntryFormat).Assembly.FullName);
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
        write(new ModelEntryWriter(context));
    }

    /// <summary>Reads an entry after <paramref name="checkVersion"/> has seen the versions it was written with (written,
    /// then the oldest reader version it asks for), before ML.NET's own check, so that it can say what is wrong.</summary>
    public static T Read<T>(ModelLoadContext context, ModelEntryFormat format, Action<uint, uint> checkVersion, Func<ModelEntryReader, T> read)
    {
        checkVersion(context.Header.ModelVerWritten, context.Header.ModelVerReadable);
        context.CheckAtModel(format.ToVersionInfo());
        return read(new ModelEntryReader(context));
    }
}

/// <summary>Writes an entry's strings (into the zip's string table) and bytes.</summary>
internal sealed class ModelEntryWriter
{
    private readonly ModelSaveContext _context;

    internal ModelEntryWriter(ModelSaveContext context) => _context = context;

    public BinaryWriter Writer => _context.Writer;

    public void WriteString(string value) => _context.SaveNonEmptyString(value);

    public void WriteStringOrNull(string value) => _context.SaveStringOrNull(value);
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
}
