using RecurrentML.Persistence;
using Xunit;

namespace RecurrentML.Tests.Persistence;

public class ChecksummedPayloadTests
{
    private static readonly string[] Strings = { "Tokens", null, "Features" };

    private static byte[] Framed(Action<BinaryWriter> payload, bool marked = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) ChecksummedPayload.Write(writer, Strings, payload, marked);
        return stream.ToArray();
    }

    private static T Read<T>(byte[] bytes, Func<BinaryReader, T> payload, string[] strings = null, bool marked = true) =>
        ChecksummedPayload.Read(new BinaryReader(new MemoryStream(bytes)), "The test entry", strings ?? Strings, payload, marked, version: 0x00010006);

    [Fact]
    public void A_payload_reads_back_and_the_reader_ends_after_its_checksum()
    {
        var bytes = Framed(w => { w.Write(42); w.Write("text"); }).Concat(new byte[] { 7 }).ToArray();
        var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal((42, "text"), ChecksummedPayload.Read(reader, "The test entry", Strings, r => (r.ReadInt32(), r.ReadString()), marked: true, 0x00010006));
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
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, sizeof(uint));
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

    [Fact]
    public void An_unmarked_frame_reads_back_as_the_format_without_a_marker_wrote_it()
    {
        var bytes = Framed(w => w.Write(42), marked: false);
        Assert.Equal(42, Read(bytes, r => r.ReadInt32(), marked: false));
    }

    [Fact]
    public void A_marked_frame_read_under_an_older_version_is_reported_as_an_altered_version()
    {
        // The header's version was lowered: the reader of the older layout meets the marker instead of its first field.
        var bytes = Framed(w => w.Write(42));
        foreach (uint version in new uint[] { 0x00010005, 0x00010004 })
        {
            var error = Assert.Throws<InvalidDataException>(() => ChecksummedPayload.ReadFramed(new BinaryReader(new MemoryStream(bytes)), "The test entry",
                version, checksumVersion: 0x00010005, markedVersion: 0x00010006, ["header"], Strings, r => r.ReadInt32()));
            Assert.Equal($"The test entry is damaged: its header gives format version 0x{version:X8}, but its bytes are a checksummed frame of a later format; " +
                "the version in the header was altered after the file was saved.", error.Message);
        }
    }

    [Fact]
    public void An_unmarked_frame_read_under_a_version_that_marks_it_is_reported_as_damage()
    {
        var bytes = Framed(w => w.Write(42), marked: false);
        var error = Assert.Throws<InvalidDataException>(() => Read(bytes, r => r.ReadInt32()));
        Assert.Equal("The test entry is damaged: its header gives format version 0x00010006, whose checksummed frame opens with a marker, but the entry's " +
            "bytes do not; the file was altered after it was saved.", error.Message);
    }

    [Fact]
    public void A_changed_header_field_does_not_match_the_checksum()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ChecksummedPayload.Write(writer, ["00010006", .. Strings], w => w.Write(42));
        var error = Assert.Throws<InvalidDataException>(() => ChecksummedPayload.ReadFramed(new BinaryReader(new MemoryStream(stream.ToArray())), "The test entry",
            0x00010007, checksumVersion: 0x00010005, markedVersion: 0x00010006, ["00010007"], Strings, r => r.ReadInt32()));
        Assert.StartsWith("The test entry is damaged: its checksum 0x", error.Message);
        Assert.Equal(42, ChecksummedPayload.ReadFramed(new BinaryReader(new MemoryStream(stream.ToArray())), "The test entry",
            0x00010006, checksumVersion: 0x00010005, markedVersion: 0x00010006, ["00010006"], Strings, r => r.ReadInt32()));
    }
}
