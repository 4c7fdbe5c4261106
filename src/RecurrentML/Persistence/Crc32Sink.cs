namespace RecurrentML.Persistence;

/// <summary>A write-only stream that keeps nothing: it adds what is written to a <see cref="Crc32"/> and counts it, so
/// that an entry's length and checksum are known before the entry is written, without holding it in memory.</summary>
internal sealed class Crc32Sink : Stream
{
    private readonly Crc32 _crc;
    private long _length;

    public Crc32Sink(Crc32 crc) => _crc = crc;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        _length += buffer.Length;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
