using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace RecurrentML.Network.RowScoring;

/// <summary>
/// One of a layer's weight matrices with its bias, stored for the product with a single vector: W x + b for one row
/// at a time. torch keeps W row-major [rows, columns]; here it is stored column after column, so the product adds
/// x[k] times column k into the output and each output sums its terms in column order whatever the vector width.
/// </summary>
internal sealed class GateMatrix
{
    private readonly float[] _columns;
    private readonly float[] _bias;

    /// <summary>A matrix from torch's row-major [<paramref name="rows"/>, <paramref name="columns"/>]
    /// <paramref name="weight"/> and its [rows] <paramref name="bias"/>.</summary>
    public GateMatrix(float[] weight, float[] bias, int rows, int columns)
    {
        if (weight.Length != rows * columns || bias.Length != rows)
            throw new ArgumentException($"A gate matrix of [{rows}, {columns}] needs {rows * columns} weights and {rows} biases; got {weight.Length} and {bias.Length}.");
        Rows = rows;
        Columns = columns;
        _bias = bias;
        _columns = new float[weight.Length];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < columns; k++)
                _columns[k * rows + r] = weight[r * columns + k];
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Writes W <paramref name="x"/> + b into <paramref name="y"/> ([Rows]).</summary>
    // Optimised from the first call: a service's first requests should not run the vector loops unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != Columns || y.Length != Rows)
            throw new ArgumentException($"Expected an input of {Columns} and an output of {Rows} values; got {x.Length} and {y.Length}.");
        _bias.CopyTo(y);
        ref float column = ref MemoryMarshal.GetArrayDataReference(_columns);
        ref float output = ref MemoryMarshal.GetReference(y);
        ref readonly float input = ref MemoryMarshal.GetReference(x);
        int rows = Rows, r = 0;
        // Four vectors of outputs stay in registers while every column streams past them: 512-bit vectors where the
        // CPU has them, then the platform's vector width, then single values. Each output still adds its columns in
        // order, one fused multiply-add at a time, so the result does not depend on which loop computed it.
        if (Vector512.IsHardwareAccelerated)
        {
            const int wide = 16;
            for (; r + 4 * wide <= rows; r += 4 * wide)
            {
                var a0 = Vector512.LoadUnsafe(ref output, (nuint)r);
                var a1 = Vector512.LoadUnsafe(ref output, (nuint)(r + wide));
                var a2 = Vector512.LoadUnsafe(ref output, (nuint)(r + 2 * wide));
                var a3 = Vector512.LoadUnsafe(ref output, (nuint)(r + 3 * wide));
                for (int k = 0; k < Columns; k++)
                {
                    var xk = Vector512.Create(Unsafe.Add(ref Unsafe.AsRef(in input), k));
                    nuint at = (nuint)(k * rows + r);
                    a0 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, at), a0);
                    a1 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, at + wide), a1);
                    a2 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, at + 2 * wide), a2);
                    a3 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, at + 3 * wide), a3);
                }
                a0.StoreUnsafe(ref output, (nuint)r);
                a1.StoreUnsafe(ref output, (nuint)(r + wide));
                a2.StoreUnsafe(ref output, (nuint)(r + 2 * wide));
                a3.StoreUnsafe(ref output, (nuint)(r + 3 * wide));
            }
        }
        int width = Vector<float>.Count;
        for (; r + 4 * width <= rows; r += 4 * width)
        {
            var a0 = Vector.LoadUnsafe(ref output, (nuint)r);
            var a1 = Vector.LoadUnsafe(ref output, (nuint)(r + width));
            var a2 = Vector.LoadUnsafe(ref output, (nuint)(r + 2 * width));
            var a3 = Vector.LoadUnsafe(ref output, (nuint)(r + 3 * width));
            for (int k = 0; k < Columns; k++)
            {
                var xk = new Vector<float>(Unsafe.Add(ref Unsafe.AsRef(in input), k));
                nuint at = (nuint)(k * rows + r);
                a0 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, at), a0);
                a1 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, at + (nuint)width), a1);
                a2 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, at + (nuint)(2 * width)), a2);
                a3 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, at + (nuint)(3 * width)), a3);
            }
            a0.StoreUnsafe(ref output, (nuint)r);
            a1.StoreUnsafe(ref output, (nuint)(r + width));
            a2.StoreUnsafe(ref output, (nuint)(r + 2 * width));
            a3.StoreUnsafe(ref output, (nuint)(r + 3 * width));
        }
        for (; r + width <= rows; r += width)
        {
            var a = Vector.LoadUnsafe(ref output, (nuint)r);
            for (int k = 0; k < Columns; k++)
                a = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref Unsafe.AsRef(in input), k)), Vector.LoadUnsafe(ref column, (nuint)(k * rows + r)), a);
            a.StoreUnsafe(ref output, (nuint)r);
        }
        for (; r < rows; r++)
        {
            float a = y[r];
            for (int k = 0; k < Columns; k++) a = MathF.FusedMultiplyAdd(x[k], _columns[k * rows + r], a);
            y[r] = a;
        }
    }
}
