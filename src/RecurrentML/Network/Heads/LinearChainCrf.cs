using RecurrentML.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Heads;

/// <summary>
/// A linear-chain conditional random field over per-step tag scores (Lafferty et al. 2001; the output layer of the
/// BiLSTM-CRF tagger, Huang et al. 2015, Lample et al. 2016). A tag path y of a row of n steps scores
/// start[y_0] + Σ_t emissions[t, y_t] + Σ_{t≥1} transitions[y_{t-1}, y_t] + end[y_{n-1}]; the model is the softmax over
/// all paths, so the tagger learns which tags may follow which instead of choosing each step's tag alone.
/// Batches are time-major and vectorised over rows; each row's steps past its length are padding that changes
/// neither its loss, its gradient nor its path.
/// </summary>
internal sealed class LinearChainCrf : nn.Module
{
    /// <summary>Prefix of the CRF's weights among a model's weights (<see cref="Export"/>).</summary>
    public const string WeightPrefix = TaggerWeights.CrfPrefix;

    /// <summary>Bound of the uniform initial weights: small, so that at first the emissions decide.</summary>
    public const double InitBound = 0.1;

    // Field names are the parameter names (RegisterComponents), in this order.
    private readonly Parameter transitions;
    private readonly Parameter start_transitions;
    private readonly Parameter end_transitions;

    /// <summary>A CRF over <paramref name="tags"/> tags with weights drawn from <paramref name="generator"/>, uniform
    /// in ±<see cref="InitBound"/>.</summary>
    public LinearChainCrf(int tags, Generator generator) : base(nameof(LinearChainCrf))
    {
        if (tags < 1) throw new ArgumentOutOfRangeException(nameof(tags), tags, $"Tags is {tags}; expected at least 1.");
        Tags = tags;
        transitions = new Parameter(zeros(tags, tags));
        start_transitions = new Parameter(zeros(tags));
        end_transitions = new Parameter(zeros(tags));
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var parameter in parameters()) UniformInitialization.Fill(parameter, InitBound, generator);
    }

    public int Tags { get; }

    /// <summary>
    /// The mean over rows of −log p(gold path | emissions): log Z (the forward algorithm in log space) minus the gold
    /// path's score.
    /// </summary>
    /// <param name="emissions">[steps, batch, tags] float scores.</param>
    /// <param name="tags">[steps, batch] int64 gold tags; values at padding are ignored.</param>
    /// <param name="lengths">[batch] int64 valid steps of each row, from 1 to steps.</param>
    public Tensor NegativeLogLikelihood(Tensor emissions, Tensor tags, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        CheckShapes(emissions, lengths);
        if (tags.dim() != 2 || tags.shape[0] != emissions.shape[0] || tags.shape[1] != emissions.shape[1])
            throw new ArgumentException($"Tags have shape [{string.Join(", ", tags.shape)}]; expected [steps, batch] = [{emissions.shape[0]}, {emissions.shape[1]}].", nameof(tags));
        long steps = emissions.shape[0];
        var valid = ValidSteps(emissions, lengths);
        var scores = ZeroPadding(emissions, valid);
        using var zero = 0L.ToScalar(); // held: see UniformInitialization
        using var one = 1L.ToScalar();
        using var tagCount = ((long)Tags).ToScalar();
        // Any tag at padding reads as tag 0, so that out-of-range padding values index nothing.
        var gold = tags.to(emissions.device).masked_fill(valid.logical_not(), zero);

        // Sums over dimension 0 name it in an array: sum(0) would bind to sum(ScalarType) and sum as bytes.
        var goldScore = scores.gather(2, gold.unsqueeze(2)).squeeze(2).sum(new long[] { 0 })
            .add(start_transitions.take(gold[0]), HeldScalars.One);
        var lastIndex = lengths.to(emissions.device).sub(one).unsqueeze(0);
        goldScore = goldScore.add(end_transitions.take(gold.gather(0, lastIndex).squeeze(0)), HeldScalars.One);
        if (steps > 1)
        {
            // transitions[from, to] read as flat index from * tags + to.
            var moves = transitions.flatten().take(gold.narrow(0, 0, steps - 1).mul(tagCount).add(gold.narrow(0, 1, steps - 1), HeldScalars.One));
            goldScore = goldScore.add(where(valid.narrow(0, 1, steps - 1), moves, zeros_like(moves)).sum(new long[] { 0 }), HeldScalars.One);
        }

        return LogPartition(scores, valid).sub(goldScore).mean().MoveToOuterDisposeScope();
    }

    /// <summary>log Z of each row, [batch]: the forward algorithm in log space over the valid steps.</summary>
    private Tensor LogPartition(Tensor scores, Tensor valid)
    {
        var forward = start_transitions.unsqueeze(0).add(scores[0], HeldScalars.One);
        var moveScores = transitions.unsqueeze(0);
        for (long t = 1; t < scores.shape[0]; t++)
        {
            var next = forward.unsqueeze(2).add(moveScores, HeldScalars.One).add(scores[t].unsqueeze(1), HeldScalars.One).logsumexp(1);
            forward = where(valid[t].unsqueeze(1), next, forward);
        }
        return forward.add(end_transitions.unsqueeze(0), HeldScalars.One).logsumexp(1);
    }

    /// <summary>The highest-scoring tag path of each row (Viterbi), as long as the row. Ties go to the lower tag
    /// index, as in <see cref="CrfViterbi"/>.</summary>
    /// <param name="emissions">[steps, batch, tags] float scores.</param>
    /// <param name="lengths">[batch] int64 valid steps of each row, from 1 to steps.</param>
    public long[][] Decode(Tensor emissions, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        CheckShapes(emissions, lengths);
        using var noGrad = no_grad();
        long steps = emissions.shape[0];
        int batch = (int)emissions.shape[1];
        var valid = ValidSteps(emissions, lengths);

        var best = start_transitions.unsqueeze(0).add(emissions[0], HeldScalars.One);
        var moveScores = transitions.unsqueeze(0);
        var cameFrom = new List<Tensor>();
        for (long t = 1; t < steps; t++)
        {
            // max over dim 1 keeps the first of equal values: the lower previous tag.
            var (reached, previous) = best.unsqueeze(2).add(moveScores, HeldScalars.One).max(1);
            best = where(valid[t].unsqueeze(1), reached.add(emissions[t], HeldScalars.One), best);
            cameFrom.Add(previous);
        }
        var (_, last) = best.add(end_transitions.unsqueeze(0), HeldScalars.One).max(1);

        long[] lastTags = last.cpu().data<long>().ToArray();
        long[] backpointers = cameFrom.Count == 0 ? Array.Empty<long>() : stack(cameFrom).cpu().data<long>().ToArray();
        long[] rowLengths = lengths.cpu().data<long>().ToArray();
        var paths = new long[batch][];
        for (int b = 0; b < batch; b++)
        {
            var path = paths[b] = new long[rowLengths[b]];
            path[^1] = lastTags[b];
            // backpointers[t - 1, b, j]: the best tag at step t - 1 before tag j at step t.
            for (int t = path.Length - 1; t > 0; t--) path[t - 1] = backpointers[((long)(t - 1) * batch + b) * Tags + path[t]];
        }
        return paths;
    }

    /// <summary>The weights as plain values, named <see cref="WeightPrefix"/> + parameter name, for saving with a model
    /// and for <see cref="CrfViterbi"/>.</summary>
    public List<NamedWeight> Export() =>
        NetworkWeights.Export(this).Select(w => w with { Name = WeightPrefix + w.Name }).ToList();

    private void CheckShapes(Tensor emissions, Tensor lengths)
    {
        if (emissions.dim() != 3 || emissions.shape[0] < 1 || emissions.shape[2] != Tags)
            throw new ArgumentException($"Emissions have shape [{string.Join(", ", emissions.shape)}]; expected [steps, batch, tags] with steps at least 1 and tags {Tags}.", nameof(emissions));
        if (lengths.dim() != 1 || lengths.shape[0] != emissions.shape[1])
            throw new ArgumentException($"Lengths have shape [{string.Join(", ", lengths.shape)}]; expected [batch] = [{emissions.shape[1]}].", nameof(lengths));
        if (lengths.numel() == 0) return;
        long shortest = lengths.min().item<long>(), longest = lengths.max().item<long>();
        if (shortest < 1 || longest > emissions.shape[0])
            throw new ArgumentOutOfRangeException(nameof(lengths), $"Lengths range from {shortest} to {longest}; expected 1 to steps ({emissions.shape[0]}).");
    }

    /// <summary>[steps, batch], true at each row's valid steps.</summary>
    private static Tensor ValidSteps(Tensor emissions, Tensor lengths) =>
        StepPositions.Valid(emissions.shape[0], lengths, emissions.device);

    /// <summary>The emissions with padding set to 0: padding then takes no part in any sum, and its gradient is 0.</summary>
    private static Tensor ZeroPadding(Tensor emissions, Tensor valid) =>
        where(valid.unsqueeze(2), emissions, zeros_like(emissions));
}
