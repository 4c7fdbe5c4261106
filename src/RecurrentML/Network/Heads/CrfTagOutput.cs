using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using TorchSharp;
using static RecurrentML.Interop.OnnxAttribute;
using static TorchSharp.torch;

namespace RecurrentML.Network.Heads;

/// <summary>A linear-chain CRF over the sentence (<see cref="LinearChainCrf"/>): its negative log-likelihood in
/// training; the Viterbi path (<see cref="CrfViterbi"/>) and each token's marginal probabilities
/// (<see cref="CrfMarginals"/>) when tagging, in managed code (torch's per-step calls cost more than a sentence's
/// arithmetic). Neither is in the ONNX graph (they would need ONNX loops): the graph ends in the emissions and the
/// CRF's weights.</summary>
internal sealed class CrfTagOutput : TagOutput
{
    public const string EmissionsOutput = "Emissions", TransitionsOutput = "Transitions", StartOutput = "StartTransitions", EndOutput = "EndTransitions";

    public static readonly CrfTagOutput Instance = new();

    public override nn.Module CreateModule(int tags, Generator generator) => new LinearChainCrf(tags, generator);

    public override IEnumerable<(string Name, long[] Shape)> Weights(int tags) =>
    [
        (TaggerWeights.CrfTransitions, new long[] { tags, tags }),
        (TaggerWeights.CrfStart, new long[] { tags }),
        (TaggerWeights.CrfEnd, new long[] { tags }),
    ];

    public override IReadOnlyList<NamedWeight> ModuleWeights(nn.Module module) => ((LinearChainCrf)module).Export();

    public override Tensor Loss(nn.Module module, Tensor emissions, Tensor tags, Tensor lengths) =>
        ((LinearChainCrf)module).NegativeLogLikelihood(emissions, tags, lengths);

    public override RowTagDecoder Decoder(IReadOnlyList<NamedWeight> weights, int tags)
    {
        var crf = CrfWeights.From(weights);
        return (emissions, path, probabilities) =>
        {
            CrfViterbi.Decode(emissions, tags, crf.Transitions, crf.Start, crf.End, path);
            CrfMarginals.Compute(emissions, tags, crf.Transitions, crf.Start, crf.End, probabilities);
        };
    }

    public override bool DecodesInOnnx => false;

    public override void WriteOnnx(OnnxGraphBuilder graph, OnnxTagOutputColumns columns, string emissions, int tags,
        IReadOnlyDictionary<string, NamedWeight> weights)
    {
        graph.RemoveColumn(columns.PredictedLabel);
        graph.RemoveColumn(columns.Score);
        var floats = new VectorDataViewType(NumberDataViewType.Single);
        graph.Output(emissions, $"{columns.Score}.{EmissionsOutput}", floats, -1, tags);
        foreach (var (name, output) in new[] { (TaggerWeights.CrfTransitions, TransitionsOutput), (TaggerWeights.CrfStart, StartOutput), (TaggerWeights.CrfEnd, EndOutput) })
        {
            var weight = weights[name];
            // ML.NET declares every output with a leading rows dimension: the weights get one of size 1.
            var oneRow = graph.Node("Unsqueeze", new[] { graph.Constant(name, weight.Values, weight.Shape) }, $"{output}_row", Ints("axes", 0));
            graph.Output(oneRow, $"{columns.Score}.{output}", floats, weight.Shape);
        }
    }
}
