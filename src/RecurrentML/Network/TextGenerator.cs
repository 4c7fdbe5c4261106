using RecurrentML.LanguageModels;
using RecurrentML.Model;
using RecurrentML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// Generates with a trained <see cref="LanguageModelNetwork"/>: reads the end-of-row id (a new row starts) and the
/// prompt in one call, then feeds each drawn token alone, carrying the state, so each new token costs one step rather
/// than a re-read of everything before it.
/// </summary>
internal sealed class TextGenerator : IDisposable
{
    private readonly LanguageModelNetwork _network;
    private readonly Device _device;

    public TextGenerator(LanguageModelNetwork network, Device device)
    {
        _network = network;
        _device = device;
        network.eval();
    }

    public LanguageModelNetwork Network => _network;

    /// <summary>A generator for a model description: its network built on <paramref name="device"/> with its weights.</summary>
    public static TextGenerator Create(LanguageModel model, Device device)
    {
        var network = new LanguageModelNetwork(model.Shape);
        NetworkWeights.Import(network, model.Weights);
        network.to(device);
        return new TextGenerator(network, device);
    }

    /// <summary>Mean next-token loss (nats per token) over every target of <paramref name="batches"/>, which must be
    /// finite (<see cref="Overflowed"/>).</summary>
    public double MeanLoss(TokenBatches batches)
    {
        double loss = LanguageModelTrainer.MeanLoss(_network, batches, _device, TrainingCancellation.None);
        return double.IsFinite(loss) ? loss : throw Overflowed($"its mean loss over the text is {loss}");
    }

    /// <summary>The error for a value that overflowed. Within the weight limit (<see cref="WeightLimit"/>) a cell with a
    /// bounded state gives logits within ±1e4 x (hidden size + 1), so only an RNN with ReLU, whose state has no bound,
    /// can get here.</summary>
    private InvalidOperationException Overflowed(string what) => new(
        $"The {_network.Shape.Layers.Cell} language model's values overflowed the float range: {what}. Scoring does not return NaN or infinity; " +
        "an RNN with ReLU has no bound on its state, which grew past the float range over this text; Lstm, Gru or an RNN with tanh keep it bounded.");

    /// <summary>The generated ids after <paramref name="prompt"/> (ids; the end of a row is never among them):
    /// at most <see cref="GenerationOptions.MaxTokens"/>, ending early at the end of a row or after a stop id.</summary>
    public List<int> Generate(IReadOnlyList<int> prompt, GenerationOptions options, ISet<int> stopIds)
    {
        using var noGrad = no_grad();
        var sampler = new TokenSampler(options);
        var generated = new List<int>();
        var (logits, state) = Read(prompt.Prepend(_network.Shape.EndOfRow).ToArray(), null);
        try
        {
            while (generated.Count < options.MaxTokens)
            {
                int next = sampler.Next(logits);
                if (next == _network.Shape.EndOfRow) break;
                generated.Add(next);
                if (stopIds.Contains(next) || generated.Count == options.MaxTokens) break;
                var (nextLogits, nextState) = Read(new[] { next }, state);
                LayerState.Dispose(state);
                (logits, state) = (nextLogits, nextState);
            }
        }
        finally
        {
            LayerState.Dispose(state);
        }
        return generated;
    }

    /// <summary>Reads <paramref name="ids"/> as one row from <paramref name="start"/> (null for zeros): the logits after
    /// the last id and the state there (the caller disposes it).</summary>
    public (float[] Logits, LayerState[] State) Read(IReadOnlyList<int> ids, LayerState[] start)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(ids.Select(i => (long)i).ToArray(), new long[] { ids.Count, 1 }, device: _device);
        var (logits, state) = _network.Read(input, start);
        var last = logits[-1, 0].cpu().data<float>().ToArray();
        int bad = Array.FindIndex(last, v => !float.IsFinite(v));
        if (bad >= 0) throw Overflowed($"the logit of id {bad} after {ids.Count} ids is {last[bad]}");
        return (last, state.Select(s => s.MoveToOuterDisposeScope()).ToArray());
    }

    public void Dispose() => _network.Dispose();
}
