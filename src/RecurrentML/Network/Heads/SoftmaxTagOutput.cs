using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Model;
using TorchSharp;
using static RecurrentML.Interop.OnnxAttribute;
using static TorchSharp.torch;

namespace RecurrentML.Network.Heads;

/// <summary>A softmax per token: cross-entropy over every valid token in training; each token's probabilities and their
/// argmax (the first of equal values) when tagging. No weights of its own.</summary>
internal sealed class SoftmaxTagOutput : TagOutput
{
    public static readonly SoftmaxTagOutput Instance = new();

    public override nn.Module CreateModule(int tags, Generator generator) => null;

    public override IEnumerable<(string Name, long[] Shape)> Weights(int tags) => [];

    public override IReadOnlyList<NamedWeight> ModuleWeights(nn.Module module) => [];

    public override Tensor Loss(nn.Module module, Tensor emissions, Tensor tags, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var valid = StepPositions.Valid(emissions.shape[0], lengths, emissions.device);
        var positions = valid.reshape(-1).nonzero().squeeze(1);
        var flat = emissions.reshape(-1, emissions.shape[2]).index_select(0, positions);
        var gold = tags.to(emissions.device).reshape(-1).index_select(0, positions);
        return nn.functional.cross_entropy(flat, gold).MoveToOuterDisposeScope();
    }

    public override RowTagDecoder Decoder(IReadOnlyList<NamedWeight> weights, int tags) => (emissions, path, probabilities) =>
    {
        for (int t = 0; t < path.Length; t++)
        {
            var scores = emissions.Slice(t * tags, tags);
            int best = 0;
            for (int k = 1; k < tags; k++)
                if (scores[k] > scores[best]) best = k;
            // Double sums: a token's probabilities do not depend on the order of the tags.
            double sum = 0;
            for (int k = 0; k < tags; k++) sum += Math.Exp((double)scores[k] - scores[best]);
            for (int k = 0; k < tags; k++) probabilities[t * tags + k] = (float)(Math.Exp((double)scores[k] - scores[best]) / sum);
            path[t] = best;
        }
    };

    public override bool DecodesInOnnx => true;

    public override void WriteOnnx(OnnxGraphBuilder graph, OnnxTagOutputColumns columns, string emissions, int tags,
        IReadOnlyDictionary<string, NamedWeight> weights)
    {
        // Softmax over the last axis (opset 12's Softmax flattens the axes from `axis` on: here the tags alone).
        var probabilities = graph.Node("Softmax", new[] { emissions }, "probabilities", Int("axis", 2));
        // ArgMax keeps the first of equal values, as the decoder does.
        var best = graph.Node("ArgMax", new[] { emissions }, "best_tags", Int("axis", 2), Int("keepdims", 0));
        var keys = graph.Node("Add", new[] { best, graph.Scalar("first_key", 1L) }, "tag_keys");
        graph.ColumnNode("Reshape", new[] { probabilities, graph.Constant("score_shape", new long[] { 0, -1 }, 2) }, columns.Score,
            new VectorDataViewType(NumberDataViewType.Single));
        graph.ColumnNode("Cast", new[] { keys }, columns.PredictedLabel, new VectorDataViewType(new KeyDataViewType(typeof(uint), tags)),
            ElementType("to", typeof(uint)));
    }
}
