using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Encoders;

/// <summary>The columns an encoder adds after its input's, in this order: the encoding, then (when the encoder has
/// it) the attention weights column. Both the batched view and the per-row mapper serve them through
/// <see cref="Getter{TValue}"/>.</summary>
internal static class EncoderOutputs
{
    public const int Encoding = 0, StepWeights = 1;

    public delegate ReadOnlySpan<float> Values();

    /// <summary>A getter for output <paramref name="output"/> (<see cref="Encoding"/> or <see cref="StepWeights"/>)
    /// that copies the current row's values into the caller's buffer.</summary>
    public static ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, int output, Values encoding, Func<float[]> stepWeights)
    {
        ValueGetter<VBuffer<float>> getter = output == Encoding
            ? (ref VBuffer<float> value) => Copy(encoding(), ref value)
            : (ref VBuffer<float> value) => Copy(stepWeights(), ref value);
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is Vector<Single>; a getter of {typeof(TValue)} was requested.");
    }

    private static void Copy(ReadOnlySpan<float> values, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, values.Length);
        values.CopyTo(editor.Values);
        value = editor.Commit();
    }
}
