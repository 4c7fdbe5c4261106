using RecurrentML.Persistence;
using Xunit;

namespace RecurrentML.Tests.Persistence;

public class ChecksummedPayloadTests
{
    private static readonly string[] Strings = { "Tokens", null, "Features" };

    private static byte[] Framed(Action<BinaryWriter> payload)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) ChecksummedPayload.Write(writer, Strings, payload);
        return stream.ToArray();
    }

    private static T Read<T>(byte[] bytes, Func<BinaryReader, T> payload, string[] strings = null) =>
        ChecksummedPayload.Read(new BinaryReader(new MemoryStream(bytes)), "The test entry", strings ?? Strings, payload);

    [Fact]
    public void A_payload_reads_back_and_the_reader_ends_after_its_checksum()
    {
        var bytes = Framed(w => { w.Write(42); w.Write("text"); }).Concat(new byte[] { 7 }).ToArray();
        var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal((42, "text"), ChecksummedPayload.Read(reader, "The test entry", Strings, r => (r.ReadInt32(), r.ReadString())));
        Assert.Equal(7, reader.ReadByte());
    }

    [Fact]
    public void Different_strings_do_not_match_the_checksum()
    {
        var bytes = Framed(w => w.Write(42));
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, r => r.ReadInt32(), new[] { "Tokens", "Features", null }));
        Assert.StartsWith("The test entry is damaged: its checksum 0x", error.Message);
    }

    [Fact]
    public void A_declared_length_beyond_the_entry_is_reported_before_anything_is_read()
    {
        var bytes = Framed(w => w.Write(42));
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, 0);
        var error = Assert.Throws<InvalidDataException>(() => Read<int>(bytes, _ => throw new InvalidOperationException("read")));
        Assert.Equal($"The test entry is damaged: it declares a payload of {long.MaxValue} bytes where at most 4 follow; the file was altered or truncated after it was saved.",
            error.Message);
    }

    [Fact]
    public void A_reader_that_stops_inside_the_payload_is_reported()
    {
        var bytes = Framed(w => { w.Write(42); w.Write(43); });
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, r => r.ReadInt32()));
        Assert.Equal("The test entry holds a payload of 8 bytes, but 4 were read; expected all of it.", error.Message);
    }
}
