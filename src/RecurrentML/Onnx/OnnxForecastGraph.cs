using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using static RecurrentML.Interop.OnnxAttribute;

namespace RecurrentML.Onnx;

/// <summary>
/// The ONNX graph of a global forecaster's networks: it reads the windows <see cref="RecurrentForecastingTransformer.OnnxInput"/>
/// computes in .NET (each series' scaled past steps and the features of the steps forecast, flattened per row) and
/// outputs the scaled quantiles of every step, averaged over the ensemble, [rows, horizon, levels], which
/// <see cref="RecurrentForecastingTransformer.FromOnnx"/> turns into forecasts. Each member's decoder layer reads the
/// encoding, the step's features and the step's one-hot index; the one-hot part of its product is the weight's column
/// for that step, so it enters the graph as a constant [horizon, decoder] added to the others.
/// </summary>
internal static class OnnxForecastGraph
{
    public const string StepsInput = "ForecastSteps", HorizonInput = "ForecastHorizon", QuantilesOutput = "ForecastQuantiles";

    public static void Write(OnnxGraphBuilder graph, RecurrentForecastingTransformer forecaster, string prefix)
    {
        graph.RequireOpSet(OnnxEncoderGraph.MinimumOpSet, "RecurrentML global forecaster");
        var model = forecaster.Model;
        var layout = model.Layout;
        int context = layout.ContextLength, features = layout.StepFeatures, horizon = layout.Horizon, g = layout.HorizonFeatures;
        int hidden = model.Encoder.EncodingSize, decoder = model.DecoderSize, levels = layout.QuantileLevels.Length;
        var floats = new VectorDataViewType(NumberDataViewType.Single);

        var flatSteps = graph.Input($"{prefix}.{StepsInput}", floats);
        var batchMajor = graph.Node("Reshape", [flatSteps, graph.Constant("steps_shape", new long[] { 0, context, features }, 3)], "steps_by_row");
        var steps = graph.Node("Transpose", [batchMajor], "steps", Ints("perm", 1, 0, 2));
        string horizonFeatures = null;
        if (g > 0)
        {
            var flatHorizon = graph.Input($"{prefix}.{HorizonInput}", floats);
            horizonFeatures = graph.Node("Reshape", [flatHorizon, graph.Constant("horizon_shape", new long[] { 0, horizon, g }, 3)], "horizon_features");
        }

        string sum = null;
        foreach (var member in model.Members)
        {
            var weights = member.ToDictionary(w => w.Name);
            var encoderWeights = member.Where(w => w.Name.StartsWith(ForecastNetwork.EncoderPrefix))
                .ToDictionary(w => w.Name[ForecastNetwork.EncoderPrefix.Length..], w => w with { Name = w.Name[ForecastNetwork.EncoderPrefix.Length..] });
            var (_, finalStates) = OnnxEncoderGraph.WriteLayers(graph, steps, model.Encoder, encoderWeights, finalStatesOnly: true);
            var encoding = graph.Node("Transpose", [finalStates], "encoding", Ints("perm", 1, 0, 2));      // [rows, 1, hidden]

            var w = weights[ForecastNetwork.DecoderHiddenWeight];
            var b = weights[ForecastNetwork.DecoderHiddenBias];
            int inputs = (int)w.Shape[1];
            var byStep = new float[horizon * decoder];
            for (int h = 0; h < horizon; h++)
                for (int d = 0; d < decoder; d++) byStep[h * decoder + d] = w.Values[d * inputs + hidden + g + h] + b.Values[d];
            var preactivation = graph.Node("Add", [graph.Node("MatMul", [encoding, graph.Constant("decoder_encoding_t", OnnxMatrix.TransposedColumns(w.Values, decoder, inputs, 0, hidden), hidden, decoder)], "decoder_from_encoding"),
                graph.Constant("decoder_by_step", byStep, horizon, decoder)], "decoder_preactivation");
            if (horizonFeatures != null)
                preactivation = graph.Node("Add", [preactivation, graph.Node("MatMul", [horizonFeatures, graph.Constant("decoder_features_t", OnnxMatrix.TransposedColumns(w.Values, decoder, inputs, hidden, g), g, decoder)], "decoder_from_features")], "decoder_preactivation_all");
            var activated = graph.Node("Relu", [preactivation], "decoder_hidden");
            var output = weights[ForecastNetwork.DecoderOutputWeight];
            var quantiles = graph.Node("Add", [graph.Node("MatMul", [activated, graph.Constant("decoder_output_t", OnnxMatrix.Transposed(output.Values, levels, decoder), decoder, levels)], "decoder_products"),
                graph.Constant("decoder_output_bias", weights[ForecastNetwork.DecoderOutputBias].Values, levels)], "member_quantiles");
            sum = sum == null ? quantiles : graph.Node("Add", [sum, quantiles], "member_sum");
        }
        var mean = graph.Node("Mul", [sum, graph.Scalar("member_share", 1f / model.Members.Count)], "quantiles");
        graph.Output(mean, $"{prefix}.{QuantilesOutput}", NumberDataViewType.Single, -1, horizon, levels);
    }
}
