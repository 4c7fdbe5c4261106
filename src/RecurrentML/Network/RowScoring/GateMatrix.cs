using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RecurrentML.Network.RowScoring;

/// <summary>
/// One of a layer's weight matrices with its bias, stored for the product with a single vector: W x + b for one row
/// at a time. The product reads the whole matrix once per step, so its speed is how fast the matrix streams from the
/// cache: the rows are cut into panels of four vectors' width, each panel stored column after column
/// ([column][panel row]), so that a panel is one sequential read while its outputs stay in registers. Rows left over
/// after the last whole panel are stored column after column too. Each output adds its columns in order, one fused
/// multiply-add at a time, whatever the panel width or loop, so the result does not depend on the CPU's vector width.
/// </summary>
internal sealed class GateMatrix
{
    private readonly float[] _packed;
    private readonly float[] _bias;
    private readonly bool _wide;
    private readonly int _panelRows;
    private readonly int _panels;

    /// <summary>A matrix from torch's row-major [<paramref name="rows"/>, <paramref name="columns"/>]
    /// <paramref name="weight"/> and its [rows] <paramref name="bias"/>.</summary>
    public GateMatrix(float[] weight, float[] bias, int rows, int columns) : this(weight, bias, rows, columns, Vector512.IsHardwareAccelerated)
    {
    }

    /// <summary>The matrix with panels of 512-bit vectors when <paramref name="wide"/> (what the public constructor
    /// chooses where the CPU has them), otherwise of the platform's vector width: tests choose, so that both paths run
    /// on any machine.</summary>
    internal GateMatrix(float[] weight, float[] bias, int rows, int columns, bool wide)
    {
        if (weight.Length != rows * columns || bias.Length != rows)
            throw new ArgumentException($"A gate matrix of [{rows}, {columns}] needs {rows * columns} weights and {rows} biases; got {weight.Length} and {bias.Length}.");
        Rows = rows;
        Columns = columns;
        _bias = bias;
        _wide = wide;
        // Four of the vectors the panel's loop computes with.
        _panelRows = 4 * (wide ? Vector512<float>.Count : Vector<float>.Count);
        _panels = rows / _panelRows;
        _packed = new float[weight.Length];
        int tail = rows - _panels * _panelRows;
        for (int r = 0; r < rows; r++)
        {
            int panel = r / _panelRows, width = panel < _panels ? _panelRows : tail, within = r - panel * _panelRows;
            for (int k = 0; k < columns; k++) _packed[panel * _panelRows * columns + k * width + within] = weight[r * columns + k];
        }
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
        ref float packed = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref float output = ref MemoryMarshal.GetReference(y);
        ref float input = ref MemoryMarshal.GetReference(x);
        int columns = Columns;
        for (int panel = 0; panel < _panels; panel++)
        {
            ref float weights = ref Unsafe.Add(ref packed, panel * _panelRows * columns);
            ref float outputs = ref Unsafe.Add(ref output, panel * _panelRows);
            if (_wide) Panel512(ref weights, ref input, ref outputs, columns);
            else PanelVector(ref weights, ref input, ref outputs, columns);
        }
        // The rows after the last panel: [column][tail] from here on.
        int start = _panels * _panelRows, tail = Rows - start, width = Vector<float>.Count, r = 0;
        ref float rest = ref Unsafe.Add(ref packed, start * columns);
        for (; r + width <= tail; r += width)
        {
            var a = Vector.LoadUnsafe(ref output, (nuint)(start + r));
            for (int k = 0; k < columns; k++)
                a = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref input, k)), Vector.LoadUnsafe(ref rest, (nuint)(k * tail + r)), a);
            a.StoreUnsafe(ref output, (nuint)(start + r));
        }
        for (; r < tail; r++)
        {
            float a = y[start + r];
            for (int k = 0; k < columns; k++) a = MathF.FusedMultiplyAdd(x[k], Unsafe.Add(ref rest, k * tail + r), a);
            y[start + r] = a;
        }
    }

    private static void Panel512(ref float weights, ref float input, ref float outputs, int columns)
    {
        const int w = 16;
        var a0 = Vector512.LoadUnsafe(ref outputs);
        var a1 = Vector512.LoadUnsafe(ref outputs, w);
        var a2 = Vector512.LoadUnsafe(ref outputs, 2 * w);
        var a3 = Vector512.LoadUnsafe(ref outputs, 3 * w);
        for (int k = 0; k < columns; k++)
        {
            var xk = Vector512.Create(Unsafe.Add(ref input, k));
            ref float column = ref Unsafe.Add(ref weights, k * 4 * w);
            a0 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column), a0);
            a1 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, w), a1);
            a2 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, 2 * w), a2);
            a3 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref column, 3 * w), a3);
        }
        a0.StoreUnsafe(ref outputs);
        a1.StoreUnsafe(ref outputs, w);
        a2.StoreUnsafe(ref outputs, 2 * w);
        a3.StoreUnsafe(ref outputs, 3 * w);
    }

    private static void PanelVector(ref float weights, ref float input, ref float outputs, int columns)
    {
        int w = Vector<float>.Count;
        var a0 = Vector.LoadUnsafe(ref outputs);
        var a1 = Vector.LoadUnsafe(ref outputs, (nuint)w);
        var a2 = Vector.LoadUnsafe(ref outputs, (nuint)(2 * w));
        var a3 = Vector.LoadUnsafe(ref outputs, (nuint)(3 * w));
        for (int k = 0; k < columns; k++)
        {
            var xk = new Vector<float>(Unsafe.Add(ref input, k));
            ref float column = ref Unsafe.Add(ref weights, k * 4 * w);
            a0 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column), a0);
            a1 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, (nuint)w), a1);
            a2 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, (nuint)(2 * w)), a2);
            a3 = Vector.FusedMultiplyAdd(xk, Vector.LoadUnsafe(ref column, (nuint)(3 * w)), a3);
        }
        a0.StoreUnsafe(ref outputs);
        a1.StoreUnsafe(ref outputs, (nuint)w);
        a2.StoreUnsafe(ref outputs, (nuint)(2 * w));
        a3.StoreUnsafe(ref outputs, (nuint)(3 * w));
    }
}
