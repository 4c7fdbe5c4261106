using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RecurrentML.Persistence;

/// <summary>
/// An entry's own bytes (its payload) framed so that damage is found before any of them is believed: the payload's
/// length, the payload, then the CRC-32 of the entry's strings (which ML.NET keeps apart, in the zip's string table)
/// followed by the payload. Reading checks the checksum over the bytes in the file first, then reads the payload.
/// </summary>
internal static class ChecksummedPayload
{
    // *** Binary format ***
    // long: payload length L
    // byte[L]: the payload
    // uint: CRC-32 of the strings (each: byte 0 for null, or byte 1, int UTF-8 length, UTF-8 bytes), then of the payload

    /// <param name="writer">The entry, where the payload goes.</param>
    /// <param name="strings">The entry's strings in the string table, in order (null where the entry has none).</param>
    /// <param name="writePayload">Writes the payload, once, into a buffer: its length goes before it.</param>
    public static void Write(BinaryWriter writer, IReadOnlyList<string> strings, Action<BinaryWriter> writePayload)
    {
        using var buffer = new MemoryStream();
        using (var payload = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) writePayload(payload);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var crc = StringsChecksum(strings);
        crc.Append(bytes);
        writer.Write(buffer.Length);
        writer.Write(bytes);
        writer.Write(crc.Value);
    }

    /// <summary>Checks the checksum of the payload at the reader's position, then reads it with
    /// <paramref name="readPayload"/>, which must read all of it; <paramref name="entry"/> names the entry in messages.</summary>
    public static T Read<T>(BinaryReader reader, string entry, IReadOnlyList<string> strings, Func<BinaryReader, T> readPayload)
    {
        var stream = reader.BaseStream;
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
