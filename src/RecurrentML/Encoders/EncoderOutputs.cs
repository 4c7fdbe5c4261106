using Microsoft.ML;
using Microsoft.ML.Data;

namespace RecurrentML.Encoders;

/// <summary>What one column an encoder adds holds.</summary>
internal enum EncoderOutput
{
    Encoding,
    StepWeights,
    Scores,
}

/// <summary>The columns an encoder adds after its input's, in this order: the encoding, then the attention weights
/// column and the score column, each when the encoder has it. Both the batched view and the per-row mapper serve them
/// through <see cref="Getter{TValue}"/>.</summary>
internal static class EncoderOutputs
{
    public delegate ReadOnlySpan<float> Values();

    /// <summary>The outputs of an encoder with these optional columns, in column order.</summary>
    public static EncoderOutput[] Of(string attentionWeightsColumnName, string scoreColumnName)
    {
        var outputs = new List<EncoderOutput> { EncoderOutput.Encoding };
        if (attentionWeightsColumnName != null) outputs.Add(EncoderOutput.StepWeights);
        if (scoreColumnName != null) outputs.Add(EncoderOutput.Scores);
        return outputs.ToArray();
    }

    /// <summary>A getter for <paramref name="output"/> that copies the current row's values into the caller's buffer.</summary>
    public static ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, EncoderOutput output, Values encoding, Values stepWeights, Values scores)
    {
        var values = output switch
        {
            EncoderOutput.Encoding => encoding,
            EncoderOutput.StepWeights => stepWeights,
            _ => scores,
        };
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) => Copy(values(), ref value);
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
