using static TorchSharp.torch;

namespace RecurrentML.Targets;

/// <summary>
/// A transcript per row, a transcriber's target: a Text column whose characters are the symbols, learned with CTC's
/// loss (the negative log of the summed probability of every alignment of the transcript to the steps, blank = class 0,
/// each row's loss divided by its transcript's length as torch's mean reduction does); metric symbol error rate
/// (edit distance over reference length, <see cref="EditDistance"/>).
/// </summary>
internal sealed record CtcTranscript(string[] Symbols) : Target
{
    public override string MetricName => "symbol error rate";
    public override bool HigherMetricIsBetter => false;
    public override string Description => $"a transcript of {Symbols.Length} symbols by CTC";

    /// <summary>The mean CTC loss of a batch.</summary>
    /// <param name="logProbabilities">[steps, batch, classes] from the network's log-softmax.</param>
    /// <param name="targets">[batch, longest transcript] int64 classes (1-based symbols), zero-padded.</param>
    /// <param name="inputLengths">[batch] int64 steps per row.</param>
    /// <param name="targetLengths">[batch] int64 symbols per row.</param>
    public static Tensor Loss(Tensor logProbabilities, Tensor targets, Tensor inputLengths, Tensor targetLengths) =>
        nn.functional.ctc_loss(logProbabilities, targets, inputLengths, targetLengths, blank: 0, zero_infinity: false, reduction: nn.Reduction.Mean);

    /// <summary>The fewest steps CTC can align <paramref name="classes"/> to: one per symbol, and a blank between each
    /// pair of equal neighbours (without it they would merge).</summary>
    public static int StepsNeeded(IReadOnlyList<int> classes)
    {
        int steps = classes.Count;
        for (int i = 1; i < classes.Count; i++) if (classes[i] == classes[i - 1]) steps++;
        return steps;
    }
}
