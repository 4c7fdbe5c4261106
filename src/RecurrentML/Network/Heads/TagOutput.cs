using RecurrentML.Interop;
using RecurrentML.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network.Heads;

/// <summary>
/// A tagger's output layer, which turns each token's emission scores into tags: a softmax per token
/// (<see cref="SoftmaxTagOutput"/>) or a linear-chain CRF over the sentence (<see cref="CrfTagOutput"/>). One type owns
/// every face of a layer: its torch module and weights, its training loss, its decoding of one sentence in managed
/// code, and its ONNX nodes. <see cref="For"/> is the one place the option's value chooses the type.
/// </summary>
internal abstract class TagOutput
{
    public static TagOutput For(TaggerOutputLayer layer) => layer switch
    {
        TaggerOutputLayer.Softmax => SoftmaxTagOutput.Instance,
        TaggerOutputLayer.Crf => CrfTagOutput.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "Unknown tagger output layer."),
    };

    /// <summary>The layer's own torch module over <paramref name="tags"/> tags (the tagger registers it as
    /// <c>crf</c>, which its weights' names start with), or null when the layer learns nothing.</summary>
    public abstract nn.Module CreateModule(int tags, Generator generator);

    /// <summary>The names (as <see cref="TaggerWeights"/>) and shapes of the module's weights, in parameter order.</summary>
    public abstract IEnumerable<(string Name, long[] Shape)> Weights(int tags);

    /// <summary>The current values of <paramref name="module"/>'s weights (from <see cref="CreateModule"/>), named as
    /// <see cref="Weights"/> says; none for a layer without a module.</summary>
    public abstract IReadOnlyList<NamedWeight> ModuleWeights(nn.Module module);

    /// <summary>The mean loss of a batch: emissions [steps, batch, tags], gold tags [steps, batch] (0-based; padding
    /// ignored), lengths [batch].</summary>
    public abstract Tensor Loss(nn.Module module, Tensor emissions, Tensor tags, Tensor lengths);

    /// <summary>Decodes one sentence, given the layer's weights among the tagger's.</summary>
    public abstract RowTagDecoder Decoder(IReadOnlyList<NamedWeight> weights, int tags);

    /// <summary>Whether the ONNX graph ends in the predicted label and score columns; if not, it ends in the emissions and
    /// the layer's weights, and <c>RecurrentTaggerTransformer.DecodeEmissions</c> decodes them in .NET.</summary>
    public abstract bool DecodesInOnnx { get; }

    /// <summary>Adds the layer's ONNX nodes after the emissions [rows, tokens, tags].</summary>
    public abstract void WriteOnnx(OnnxGraphBuilder graph, OnnxTagOutputColumns columns, string emissions, int tags,
        IReadOnlyDictionary<string, NamedWeight> weights);
}

/// <summary>Decodes one sentence: from its emissions [tokens * tags] token after token, writes each token's 0-based tag
/// into <paramref name="path"/> [tokens] and its probability of every tag into <paramref name="probabilities"/>
/// [tokens * tags].</summary>
internal delegate void RowTagDecoder(ReadOnlySpan<float> emissions, Span<int> path, Span<float> probabilities);

/// <summary>The tagger's column names an output layer's ONNX nodes write or leave out.</summary>
internal sealed record OnnxTagOutputColumns(string PredictedLabel, string Score);
