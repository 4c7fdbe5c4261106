using RecurrentML.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>
/// The next token, a language model's target: the token ids of the input column shifted by one step (the input column's
/// check is the language model's), metric perplexity. Its loss, next-token cross-entropy, is computed a few steps at a time: the logits of a whole chunk ([steps, batch, vocabulary],
/// 124 MB for 64 x 32 steps over 15,000 ids) never exist at once. The output layer and loss run slice by slice on the
/// recurrent outputs cut from the graph, each slice's gradient flows back as it is done, and the recurrent layers get
/// their gradient in one backward pass at the end; the loss and gradients are those of the whole chunk. Why: memory
/// stays at one slice's logits, and slices below glibc's 32 MB mmap ceiling reuse freed heap memory instead of
/// faulting fresh pages in (on the 2-core test VM a new 124 MB tensor cost 5x its arithmetic).
/// </summary>
internal sealed record NextToken : Target
{
    public static readonly NextToken Instance = new();

    public override string MetricName => "perplexity";
    public override bool HigherMetricIsBetter => false;
    public override string Description => "next-token prediction (cross-entropy)";

    /// <summary>Logit values per slice: 4 Mi floats, 16 MB.</summary>
    public const int SliceValues = 4 << 20;

    /// <summary>Back-propagates the mean next-token loss of <paramref name="outputs"/> [steps, batch, hidden] (the
    /// recurrent outputs, with their graph) against <paramref name="targets"/> [steps, batch] into every weight, and
    /// returns the loss.</summary>
    public double Backward(LanguageModelNetwork network, Tensor outputs, Tensor targets)
    {
        using var cut = outputs.detach().requires_grad_(true);
        using var count = targets.numel().ToScalar(); // held: see UniformInitialization
        double sum = 0;
        foreach (var (start, length) in Slices(network, outputs))
        {
            using var scope = NewDisposeScope();
            var loss = SliceLoss(network, cut.narrow(0, start, length), targets.narrow(0, start, length)).div(count);
            loss.backward();
            sum += loss.item<float>();
        }
        outputs.backward(new[] { cut.grad });
        return sum;
    }

    /// <summary>The summed next-token loss (nats) of <paramref name="outputs"/> against <paramref name="targets"/>, without gradients.</summary>
    public double Sum(LanguageModelNetwork network, Tensor outputs, Tensor targets)
    {
        double sum = 0;
        foreach (var (start, length) in Slices(network, outputs))
        {
            using var scope = NewDisposeScope();
            sum += SliceLoss(network, outputs.narrow(0, start, length), targets.narrow(0, start, length)).item<float>();
        }
        return sum;
    }

    private static Tensor SliceLoss(LanguageModelNetwork network, Tensor outputs, Tensor targets) =>
        nn.functional.cross_entropy(network.Logits(outputs).reshape(-1, network.Shape.Outputs), targets.reshape(-1), reduction: nn.Reduction.Sum);

    private static IEnumerable<(long Start, long Length)> Slices(LanguageModelNetwork network, Tensor outputs)
    {
        long steps = outputs.shape[0], perSlice = Math.Max(1, SliceValues / (outputs.shape[1] * network.Shape.Outputs));
        for (long start = 0; start < steps; start += perSlice) yield return (start, Math.Min(perSlice, steps - start));
    }
}
