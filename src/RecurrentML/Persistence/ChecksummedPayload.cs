using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RecurrentML.Persistence;

/// <summary>
/// An entry's own bytes (its payload) framed so that damage is found before any of them is believed: the payload's
/// length, the payload, then the CRC-32 of the entry's strings (which ML.NET keeps apart: its header's fields and the
/// zip's string table) followed by the payload. Reading checks the checksum over the bytes in the file first, then
/// reads the payload. Since the entries' formats 0x00010006 (encoder) and 0x00010003 (language model) a marker opens
/// the frame and the strings include the header's fields (the format version among them), so that a changed version
/// is found as damage: a reader of an older layout that meets the marker says so instead of misreading the bytes.
/// </summary>
internal static class ChecksummedPayload
{
    // *** Binary format ***
    // (marked frames) uint: Marker
    // long: payload length L
    // byte[L]: the payload
    // uint: CRC-32 of the strings (each: byte 0 for null, or byte 1, int UTF-8 length, UTF-8 bytes), then of the payload

    /// <summary>Opens a marked frame: "RMLC" in ASCII. An unmarked frame opens with its payload length and an entry without
    /// a frame with a small enum value or count; neither gives these four bytes, short of a payload of exactly
    /// 1,129,270,610 bytes.</summary>
    public const uint Marker = 0x434C4D52;

    /// <param name="writer">The entry, where the payload goes.</param>
    /// <param name="strings">The entry's strings in the string table, in order (null where the entry has none).</param>
    /// <param name="writePayload">Writes the payload, once, into a buffer: its length goes before it.</param>
    /// <param name="marked">Whether to open the frame with <see cref="Marker"/> (every format written now does).</param>
    public static void Write(BinaryWriter writer, IReadOnlyList<string> strings, Action<BinaryWriter> writePayload, bool marked = true)
    {
        using var buffer = new MemoryStream();
        using (var payload = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) writePayload(payload);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (marked) writer.Write(Marker);
        writer.Write(buffer.Length);
        writer.Write(bytes);
        writer.Write(Checksum(strings, bytes));
    }

    /// <summary>Checks the checksum of the payload at the reader's position, then reads it with
    /// <paramref name="readPayload"/>, which must read all of it; <paramref name="entry"/> names the entry in messages,
    /// <paramref name="version"/> (the format version the header gives) says whether the frame is marked.</summary>
    public static T Read<T>(BinaryReader reader, string entry, IReadOnlyList<string> strings, Func<BinaryReader, T> readPayload, bool marked, uint version)
    {
        var stream = reader.BaseStream;
        if (marked)
        {
            if (stream.Length - stream.Position < sizeof(uint) || reader.ReadUInt32() != Marker)
                throw new InvalidDataException(
                    $"{entry} is damaged: its header gives format version 0x{version:X8}, whose checksummed frame opens with a marker, but the entry's bytes " +
                    "do not; the file was altered after it was saved.");
        }
        else RefuseMarked(reader, entry, version);
        long available = stream.Length - stream.Position - sizeof(long) - sizeof(uint);
        if (available < 0)
            throw new InvalidDataException($"{entry} is damaged: it ends before its payload length and checksum; the file was altered or truncated after it was saved.");
        long length = reader.ReadInt64();
        if (length < 0 || length > available)
            throw new InvalidDataException(
                $"{entry} is damaged: it declares a payload of {length} bytes where at most {available} follow; the file was altered or truncated after it was saved.");
        long start = stream.Position;
        uint computed = PayloadChecksum(StringsChecksum(strings), stream, length);
        uint stored = reader.ReadUInt32();
        if (stored != computed)
            throw new InvalidDataException(
                $"{entry} is damaged: its checksum 0x{stored:X8} does not match 0x{computed:X8}, the checksum of its {length} bytes; " +
                "the file was altered or truncated after it was saved.");
        stream.Position = start;
        var payload = readPayload(reader);
        if (stream.Position != start + length)
            throw new InvalidDataException($"{entry} holds a payload of {length} bytes, but {stream.Position - start} were read; expected all of it.");
        stream.Position = start + length + sizeof(uint);
        return payload;
    }

    /// <summary>The checksum a frame stores for <paramref name="payload"/> under <paramref name="strings"/>.</summary>
    public static uint Checksum(IReadOnlyList<string> strings, ReadOnlySpan<byte> payload)
    {
        var crc = StringsChecksum(strings);
        crc.Append(payload);
        return crc.Value;
    }

    /// <summary>Reads an entry's payload in whichever framing its format version <paramref name="version"/> has: none
    /// before <paramref name="checksumVersion"/>, an unmarked frame over <paramref name="strings"/> before
    /// <paramref name="markedVersion"/>, and a marked one over <paramref name="headerFields"/> and
    /// <paramref name="strings"/> from it.</summary>
    public static T ReadFramed<T>(BinaryReader reader, string entry, uint version, uint checksumVersion, uint markedVersion,
        IReadOnlyList<string> headerFields, IReadOnlyList<string> strings, Func<BinaryReader, T> readPayload)
    {
        if (version >= markedVersion) return Read(reader, entry, [.. headerFields, .. strings], readPayload, marked: true, version);
        if (version >= checksumVersion) return Read(reader, entry, strings, readPayload, marked: false, version);
        RefuseMarked(reader, entry, version);
        return readPayload(reader);
    }

    /// <summary>Throws when the bytes at the reader's position open a marked frame although the header's format version
    /// <paramref name="version"/> is one without it: the version in the header was changed.</summary>
    public static void RefuseMarked(BinaryReader reader, string entry, uint version)
    {
        var stream = reader.BaseStream;
        if (stream.Length - stream.Position < sizeof(uint)) return;
        long start = stream.Position;
        uint first = reader.ReadUInt32();
        stream.Position = start;
        if (first == Marker)
            throw new InvalidDataException(
                $"{entry} is damaged: its header gives format version 0x{version:X8}, but its bytes are a checksummed frame of a later format; " +
                "the version in the header was altered after the file was saved.");
    }

    private static Crc32 StringsChecksum(IReadOnlyList<string> strings)
    {
        var crc = new Crc32();
        Span<byte> size = stackalloc byte[sizeof(int)];
        foreach (string value in strings)
        {
            if (value == null)
            {
                crc.Append([0]);
                continue;
            }
            var bytes = Encoding.UTF8.GetBytes(value);
            crc.Append([1]);
            BinaryPrimitives.WriteInt32LittleEndian(size, bytes.Length);
            crc.Append(size);
            crc.Append(bytes);
        }
        return crc;
    }

    private static uint PayloadChecksum(Crc32 crc, Stream stream, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            for (long remaining = length; remaining > 0;)
            {
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0) break; // the stream is shorter than it said: the checksum cannot match
                crc.Append(buffer.AsSpan(0, read));
                remaining -= read;
            }
            return crc.Value;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
