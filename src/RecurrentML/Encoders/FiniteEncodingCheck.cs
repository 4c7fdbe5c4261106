using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Network.Cells;

namespace RecurrentML.Encoders;

/// <summary>
/// Refuses to hand on an encoding that is not finite, naming the row and what overflowed. A loaded model's weights are
/// within <see cref="WeightLimit"/>, which keeps cells with a bounded state finite on every token row and on float rows
/// up to ±1e20; what remains is an RNN with ReLU, whose state has no bound, and float values beyond that (see
/// docs/reliability.md). Checking costs one pass over EncodingSize floats per row.
/// </summary>
internal static class FiniteEncodingCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> when <paramref name="encoding"/>, the encoding of row
    /// <paramref name="row"/> (0-based) of column <paramref name="column"/>, holds a NaN or infinity.</summary>
    public static void Check(ReadOnlySpan<float> encoding, string column, long row, NetworkShape shape)
    {
        int bad = IndexOfNonFinite(encoding);
        if (bad < 0) return;
        string cause = CellType.For(shape.Cell).HasBoundedState(shape)
            ? "a float input value far outside the training data's range (beyond ±1e20) overflows any cell"
            : $"an RNN with ReLU has no bound on its state, which grew past the float range over this row's steps; {RecurrentCell.Lstm}, " +
              $"{RecurrentCell.Gru} or an RNN with tanh keep it bounded";
        throw new InvalidOperationException(
            $"The recurrent encoder's encoding of row {row} of column '{column}' is not finite ({encoding[bad]} at index {bad} of {encoding.Length}): " +
            $"the {shape.Cell} network's values overflowed the float range on this row. Scoring does not return NaN or infinity: {cause}.");
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
