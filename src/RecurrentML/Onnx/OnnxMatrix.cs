namespace RecurrentML.Onnx;

/// <summary>Weight matrices reshaped for ONNX's MatMul, which multiplies [.., inputs] by [inputs, outputs] where torch
/// stores a linear layer's weight as [outputs, inputs].</summary>
internal static class OnnxMatrix
{
    /// <summary>A [rows, columns] row-major matrix, transposed: [columns, rows].</summary>
    public static float[] Transposed(float[] values, int rows, int columns) => TransposedColumns(values, rows, columns, 0, columns);

    /// <summary>Columns [from, from + count) of a [rows, columns] row-major matrix, transposed: [count, rows].</summary>
    public static float[] TransposedColumns(float[] values, int rows, int columns, int from, int count)
    {
        var result = new float[count * rows];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < count; c++) result[c * rows + r] = values[r * columns + from + c];
        return result;
    }
}
