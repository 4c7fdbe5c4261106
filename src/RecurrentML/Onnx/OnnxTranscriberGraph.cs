using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using static RecurrentML.Interop.OnnxAttribute;

namespace RecurrentML.Onnx;

/// <summary>
/// Writes a fitted transcriber's network into an ONNX graph (opset 12, standard operators): its input is the features
/// column, [rows, steps * features] (rows of the same number of steps), its output <c>{transcript}.StepLogProbabilities</c>
/// [rows, steps * classes], what <see cref="RecurrentTranscriberTransformer.StepLogProbabilities"/> computes: the
/// standardisation learned in Fit, the recurrent layers (<see cref="OnnxEncoderGraph.WriteLayers"/>), the output layer
/// and a log-softmax over the blank and the symbols. CTC decoding is not in the graph (a beam search needs loops);
/// <see cref="RecurrentTranscriberTransformer.Decode"/> does it in .NET.
/// </summary>
internal static class OnnxTranscriberGraph
{
    public const string StepLogProbabilitiesOutput = "StepLogProbabilities";

    public static void Write(OnnxGraphBuilder graph, RecurrentTranscriberTransformer transcriber)
    {
        graph.RequireOpSet(OnnxEncoderGraph.MinimumOpSet, $"RecurrentML transcriber '{transcriber.TranscriptColumnName}'");
        var model = transcriber.Model;
        int features = model.FeaturesPerStep, classes = model.Classes;
        var weights = model.Weights.ToDictionary(w => w.Name);
        var flat = graph.ColumnVariable(transcriber.FeaturesColumnName)
            ?? throw new InvalidOperationException($"The features column '{transcriber.FeaturesColumnName}' is not in the ONNX graph: the transcriber can be exported only from a data view that holds it as an input.");

        var byRow = graph.Node("Reshape", [flat, graph.Constant("steps_shape", new long[] { 0, -1, features }, 3)], "steps_by_row");
        var standardization = model.Standardization;
        var standardized = graph.Node("Div", [graph.Node("Sub", [byRow, graph.Constant("feature_means", standardization.Means, features)], "centred"),
            graph.Constant("feature_deviations", standardization.Deviations, features)], "standardized");
        var steps = graph.Node("Transpose", [standardized], "steps", Ints("perm", 1, 0, 2));
        var encoderWeights = model.Weights.Where(w => w.Name.StartsWith(TranscriberWeights.EncoderPrefix))
            .ToDictionary(w => w.Name[TranscriberWeights.EncoderPrefix.Length..], w => w with { Name = w.Name[TranscriberWeights.EncoderPrefix.Length..] });
        var (outputs, _) = OnnxEncoderGraph.WriteLayers(graph, steps, model.Layers, encoderWeights, finalStatesOnly: false);
        // Y is [steps, directions, rows, hidden]; the output layer reads [steps, rows, directions * hidden].
        var byStep = graph.Node("Transpose", [outputs], "outputs_by_step", Ints("perm", 0, 2, 1, 3));
        var encoded = graph.Node("Reshape", [byStep, graph.Constant("encoded_shape", new long[] { 0, 0, model.Layers.EncodingSize }, 3)], "encoded");
        var weight = weights[TranscriberWeights.OutputWeight];
        var scores = graph.Node("Add", [
            graph.Node("MatMul", [encoded, graph.Constant("output_weight_t", OnnxMatrix.Transposed(weight.Values, classes, model.Layers.EncodingSize), model.Layers.EncodingSize, classes)], "output_products"),
            graph.Constant(TranscriberWeights.OutputBias, weights[TranscriberWeights.OutputBias].Values, classes)], "class_scores");
        var logProbabilities = graph.Node("LogSoftmax", [scores], "log_probabilities", Int("axis", 2));
        var rowMajor = graph.Node("Transpose", [logProbabilities], "log_probabilities_by_row", Ints("perm", 1, 0, 2));
        var flatOutput = graph.Node("Reshape", [rowMajor, graph.Constant("output_shape", new long[] { 0, -1 }, 2)], "step_log_probabilities");
        graph.Output(flatOutput, $"{transcriber.TranscriptColumnName}.{StepLogProbabilitiesOutput}", new VectorDataViewType(NumberDataViewType.Single), -1, -1);
    }
}
