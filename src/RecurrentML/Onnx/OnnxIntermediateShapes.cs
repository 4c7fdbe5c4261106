namespace RecurrentML.Onnx;

/// <summary>
/// Removes <c>graph.value_info</c>, the optional declared shapes of a model's intermediate values, from a serialized
/// ONNX model, working on the protobuf wire format (the ONNX protobuf types ML.NET uses are internal). ONNX Runtime
/// trusts declared shapes when it optimises a graph; ML.NET declares some wrongly (TokenizeIntoWords says its
/// variable-length token vector is one token long), and without them ONNX Runtime infers every shape itself. Graph
/// inputs, outputs, nodes and weights are left as they are.
/// </summary>
internal static class OnnxIntermediateShapes
{
    private const int ModelGraphField = 7;      // ModelProto.graph
    private const int GraphValueInfoField = 13; // GraphProto.value_info

    public static byte[] Remove(byte[] model) =>
        Rewrite(model, (field, payload) => field == ModelGraphField ? Rewrite(payload, DropValueInfo) : payload);

    private static byte[] DropValueInfo(int field, byte[] payload) => field == GraphValueInfoField ? null : payload;

    /// <summary>Copies a message field by field. <paramref name="edit"/> sees each length-delimited field's payload
    /// and returns the payload to write, or null to drop the field; other fields are copied unchanged.</summary>
    private static byte[] Rewrite(byte[] message, Func<int, byte[], byte[]> edit)
    {
        using var output = new MemoryStream(message.Length);
        int position = 0;
        while (position < message.Length)
        {
            int start = position;
            ulong tag = ReadVarint(message, ref position);
            int field = (int)(tag >> 3), wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0: ReadVarint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    ulong length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position))
                        throw new InvalidDataException($"The ONNX model ends inside the protobuf field that starts at byte {start}.");
                    var payload = message.AsSpan(position, (int)length).ToArray();
                    position += (int)length;
                    var edited = edit(field, payload);
                    if (edited == null) continue;
                    WriteVarint(output, tag);
                    WriteVarint(output, (ulong)edited.Length);
                    output.Write(edited);
                    continue;
                default:
                    throw new InvalidDataException($"The ONNX model has a protobuf field of wire type {wireType} at byte {start}; expected 0, 1, 2 or 5.");
            }
            if (position > message.Length)
                throw new InvalidDataException($"The ONNX model ends inside the protobuf field that starts at byte {start}.");
            output.Write(message, start, position - start);
        }
        return output.ToArray();
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length) throw new InvalidDataException("The ONNX model ends inside a protobuf varint.");
            byte next = message[position++];
            value |= (ulong)(next & 0x7f) << shift;
            if (next < 0x80) return value;
        }
        throw new InvalidDataException("The ONNX model has a protobuf varint longer than 10 bytes.");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        for (; value >= 0x80; value >>= 7) output.WriteByte((byte)(value | 0x80));
        output.WriteByte((byte)value);
    }
}
