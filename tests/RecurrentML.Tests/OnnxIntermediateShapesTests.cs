using RecurrentML.Onnx;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The protobuf edit behind RecurrentOnnx.Export: graph.value_info goes, everything else stays byte for byte.</summary>
public class OnnxIntermediateShapesTests
{
    private static byte[] Field(int number, params byte[] payload) =>
        new[] { (byte)((number << 3) | 2), (byte)payload.Length }.Concat(payload).ToArray();

    private static byte[] Bytes(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Removes_the_graphs_value_info_and_keeps_every_other_field()
    {
        byte[] node = Field(1, 1, 2, 3), input = Field(11, 4), output = Field(12, 5), valueInfo = Field(13, 6, 7);
        byte[] irVersion = { 0x08, 0x07 };                              // field 1, varint 7
        byte[] fixed32 = { (9 << 3) | 5, 1, 2, 3, 4 };                  // a fixed32 field
        byte[] fixed64 = { (10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8 };     // a fixed64 field
        byte[] twoByteTag = { 0xA2, 0x01, 2, 0xAA, 0xBB };              // field 20, length-delimited: its tag takes two bytes
        byte[] opsetImport = Field(8, 9, 9);
        byte[] topLevelField13 = Field(13, 1);                          // field 13 outside the graph is not value_info

        var model = Bytes(irVersion, Field(7, Bytes(node, valueInfo, input, valueInfo, output)), fixed32, fixed64, twoByteTag, opsetImport, topLevelField13);
        var expected = Bytes(irVersion, Field(7, Bytes(node, input, output)), fixed32, fixed64, twoByteTag, opsetImport, topLevelField13);

        Assert.Equal(expected, OnnxIntermediateShapes.Remove(model));
    }

    [Fact]
    public void A_truncated_model_is_rejected()
    {
        var model = Field(7, Bytes(Field(1, 1, 2, 3), Field(13, 6, 7)));
        Assert.Throws<InvalidDataException>(() => OnnxIntermediateShapes.Remove(model[..^2]));
    }
}
