namespace RecurrentML.Tests.Persistence;

/// <summary>Where the parts of a recurrent encoder's Model.key entry are, found by reading it the way ML.NET's model
/// header (model, string table, string characters, assembly name, tail) and Persistence/EncoderModelFormat.cs lay it out (token input, format 0x00010004 or later; a checksummed frame with or without its marker), so that a test
/// can damage a chosen part.</summary>
/// <param name="RecurrentStart">Start of the bytes the encoder wrote: its string ids, then its model.</param>
/// <param name="RecurrentEnd">End of those bytes and of the string table and characters after them.</param>
/// <param name="ColumnNames">Where the column names are: the string ids' start to the string table's, and the table and
/// characters (to <paramref name="RecurrentEnd"/>).</param>
/// <param name="IntFields">The 32-bit fields of the string ids and of the encoder model before its weights.</param>
/// <param name="WeightValues">The byte range of each weight's values.</param>
/// <param name="Checksum">The checksum's offset, or -1 in an entry without one.</param>
internal sealed record EncoderEntryLayout(
    int RecurrentStart,
    int RecurrentEnd,
    ((int Start, int End) Ids, (int Start, int End) Strings) ColumnNames,
    IReadOnlyList<(string Field, int Offset)> IntFields,
    IReadOnlyList<(string Weight, int Start, int End)> WeightValues,
    int Checksum)
{
    public static EncoderEntryLayout Of(byte[] entry, bool checksummed)
    {
        var reader = new BinaryReader(new MemoryStream(entry));
        int Offset() => (int)reader.BaseStream.Position;
        var fields = new List<(string, int)>();
        int Int(string field)
        {
            fields.Add((field, Offset()));
            return reader.ReadInt32();
        }

        // ML.NET's model header: the model's offset and size at bytes 16 and 24, the string characters' at 48 and 56.
        int modelStart = (int)BitConverter.ToInt64(entry, 16), modelEnd = modelStart + (int)BitConverter.ToInt64(entry, 24);
        int stringTable = (int)BitConverter.ToInt64(entry, 32), stringsEnd = (int)(BitConverter.ToInt64(entry, 48) + BitConverter.ToInt64(entry, 56));
        reader.BaseStream.Position = modelStart;
        foreach (string column in new[] { "input", "output", "attention weights", "score" }) Int($"{column} column name id");
        if (checksummed)
        {
            // From 0x00010006 the frame opens with a marker.
            if (BitConverter.ToUInt32(entry, Offset()) == RecurrentML.Persistence.ChecksummedPayload.Marker) reader.ReadUInt32();
            reader.ReadInt64();
        }
        foreach (string field in new[] { "sequence kind", "vocabulary size", "features per step", "maximum sequence length", "truncation side" }) Int(field);
        reader.ReadBoolean(); // standardised: never, for token input
        foreach (string field in new[] { "cell", "embedding rows", "input size", "hidden size", "number of layers" }) Int(field);
        reader.ReadBoolean();
        Int("pooling");
        Int("nonlinearity");
        int epochs = Int("training history length");
        for (int i = 0; i < epochs; i++)
        {
            reader.ReadInt32();
            reader.ReadBytes(3 * sizeof(double));
            reader.ReadString();
            reader.ReadDouble();
        }
        int count = Int("weight count");
        var weights = new List<(string, int, int)>();
        for (int w = 0; w < count; w++)
        {
            string name = reader.ReadString();
            int rank = reader.ReadInt32();
            long values = 1;
            for (int d = 0; d < rank; d++) values *= reader.ReadInt64();
            weights.Add((name, Offset(), Offset() + (int)values * sizeof(float)));
            reader.BaseStream.Position += values * sizeof(float);
        }
        return new EncoderEntryLayout(modelStart, stringsEnd, ((modelStart, modelStart + 4 * sizeof(int)), (stringTable, stringsEnd)), fields, weights, checksummed ? modelEnd - sizeof(uint) : -1);
    }
}
