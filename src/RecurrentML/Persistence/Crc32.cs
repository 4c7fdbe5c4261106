namespace RecurrentML.Persistence;

/// <summary>The CRC-32 that zip and PNG use (reflected polynomial 0xEDB88320), accumulated over the spans given to
/// <see cref="Append"/>. Model entries keep it to tell a damaged file from a good one (<see cref="ChecksummedPayload"/>).</summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private uint _state = 0xFFFFFFFF;

    public uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        uint state = _state;
        foreach (byte b in bytes) state = Table[(state ^ b) & 0xFF] ^ (state >> 8);
        _state = state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++) value = (value & 1) != 0 ? 0xEDB88320 ^ (value >> 1) : value >> 1;
            table[i] = value;
        }
        return table;
    }
}
