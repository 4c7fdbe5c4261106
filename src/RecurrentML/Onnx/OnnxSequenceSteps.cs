using RecurrentML.Data;
using RecurrentML.Inputs;
using RecurrentML.Interop;
using RecurrentML.Model;
using static RecurrentML.Interop.OnnxAttribute;

namespace RecurrentML.Onnx;

/// <summary>
/// Writes the nodes that turn the encoder's input column into what the first recurrent layer reads: a time-major
/// [steps, rows, InputSize] float tensor. They follow <see cref="SequenceColumnReader"/> and <see cref="PaddedBatch"/>
/// exactly: key k is embedding row k and keys beyond the vocabulary read as the unknown token (row 0, all zeros);
/// float rows hold FeaturesPerStep values per step, standardised with the means and deviations learned in Fit; a longer sequence is cut to MaxSequenceLength at the Truncation
/// side; an empty sequence is one all-zero step. Every row of a tensor is one whole sequence: ONNX has no
/// variable-length rows, so the graph reads each row at the tensor's full width.
/// ML.NET refuses a float row whose steps hold a non-finite value; a graph cannot raise an error, so it flags such
/// rows instead and the encoder writes NaN for them.
/// </summary>
internal static class OnnxSequenceSteps
{
    /// <returns>The steps, and for float input a [rows, 1] Boolean that is true for rows whose steps (after
    /// truncation) hold a non-finite value; null for key input. The input kind writes the nodes
    /// (<see cref="InputKind.WriteOnnxSteps"/>) with the helpers below.</returns>
    public static (string Steps, string NonFiniteRows) Write(OnnxGraphBuilder graph, string input, SequenceFormat format, IReadOnlyDictionary<string, NamedWeight> weights) =>
        InputKind.Of(format).WriteOnnxSteps(graph, input, format, weights);

    /// <summary>The [1] constant that names the step axis of [rows, steps, ...].</summary>
    public static string StepAxis(OnnxGraphBuilder graph) => graph.Constant("step_axis", new long[] { 1 }, 1);

    /// <summary>[rows, 1]: whether a row of [rows, steps, features] holds a NaN or an infinity.</summary>
    public static string NonFiniteRows(OnnxGraphBuilder graph, string values)
    {
        var nonFinite = graph.Node("Or", new[]
        {
            graph.Node("IsNaN", new[] { values }, "step_is_nan"),
            graph.Node("IsInf", new[] { values }, "step_is_infinite"),
        }, "step_is_non_finite");
        var asInteger = graph.Node("Cast", new[] { nonFinite }, "step_is_non_finite_int", ElementType("to", typeof(long)));
        var perRow = graph.Node("ReduceMax", new[] { asInteger }, "row_has_non_finite", Ints("axes", 1, 2), Int("keepdims", 1));
        var flags = graph.Node("Squeeze", new[] { perRow }, "row_has_non_finite_flag", Ints("axes", 2));
        return graph.Node("Greater", new[] { flags, graph.Scalar("zero_count", 0) }, "non_finite_rows");
    }

    /// <summary>
    /// An identity on [rows, width] whose output width shape inference cannot know (Compress keeps the columns a
    /// computed mask selects; the mask is all true). ML.NET's TokenizeIntoWords export declares its variable-length
    /// output as one token wide; ONNX Runtime trusts declared shapes when it optimises, and would otherwise fold the
    /// sequence length below to 1 and silently encode only the first token. The mask is computed from
    /// <c>probe</c>, an int64 tensor of the same shape as <c>values</c> with no negative entry.
    /// </summary>
    public static string ShapeBarrier(OnnxGraphBuilder graph, string values, string probe)
    {
        var columnMaxima = graph.Node("ReduceMax", new[] { probe }, "column_maxima", Ints("axes", 0), Int("keepdims", 0));
        var keep = graph.Node("Greater", new[] { columnMaxima, graph.Scalar("minus_one", -1) }, "keep_columns");
        return graph.Node("Compress", new[] { values, keep }, "unshaped", Int("axis", 1));
    }

    /// <summary>Keeps MaxSequenceLength steps: the last ones for Truncation Start, the first ones for End.</summary>
    public static string Truncate(OnnxGraphBuilder graph, string steps, SequenceFormat format, string stepAxis)
    {
        long max = format.MaxLength;
        var (start, end) = format.Truncation switch
        {
            // Slice clamps: a start of -max on a shorter sequence starts at step 0.
            TruncationSide.Start => (-max, long.MaxValue),
            TruncationSide.End => (0L, max),
            _ => throw new NotSupportedException($"Option 'Truncation' = {format.Truncation} cannot be exported to ONNX."),
        };
        return graph.Node("Slice", new[] { steps, graph.Constant("truncation_start", new[] { start }, 1), graph.Constant("truncation_end", new[] { end }, 1), stepAxis }, "truncated");
    }

    /// <summary>Reads an empty sequence as one all-zero step: appends a zero step and keeps max(steps, 1) of them.</summary>
    public static string AtLeastOneStep(OnnxGraphBuilder graph, string steps, string stepAxis, int rank)
    {
        var pads = new long[2 * rank];
        pads[rank + 1] = 1; // after the last step
        var padded = graph.Node("Pad", new[] { steps, graph.Constant("zero_step", pads, pads.Length) }, "zero_step_appended");
        var shape = graph.Node("Shape", new[] { steps }, "truncated_shape");
        // shape[1:2], the step dimension
        var count = graph.Node("Slice", new[] { shape, stepAxis, graph.Constant("after_step_axis", new long[] { 2 }, 1) }, "step_count");
        var isEmpty = graph.Node("Equal", new[] { count, graph.Scalar("zero", 0) }, "is_empty");
        var emptyStep = graph.Node("Cast", new[] { isEmpty }, "empty_step", ElementType("to", typeof(long)));
        var kept = graph.Node("Add", new[] { count, emptyStep }, "kept_steps");
        return graph.Node("Slice", new[] { padded, graph.Constant("first_step", new long[] { 0 }, 1), kept, stepAxis }, "at_least_one_step");
    }
}
