using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Pooling;

/// <summary>
/// Additive attention's scores (Bahdanau et al. 2015; as pooling, Yang et al. 2016): step t of a row scores
/// v · tanh(W h_t + b), with W, b (<c>projection</c>) and v (<c>context</c>) learned. Weights of
/// [encoding, encoding], [encoding] and [encoding].
/// </summary>
internal sealed class AttentionScorer : nn.Module<Tensor, Tensor>
{
    private readonly Linear projection;
    private readonly Parameter context;

    public AttentionScorer(int encodingSize) : base(nameof(AttentionScorer))
    {
        projection = nn.Linear(encodingSize, encodingSize);
        context = new Parameter(zeros(encodingSize));
        RegisterComponents();
    }

    /// <summary>[steps, batch, encoding] → [steps, batch] scores.</summary>
    public override Tensor forward(Tensor steps) => projection.call(steps).tanh().matmul(context);
}
