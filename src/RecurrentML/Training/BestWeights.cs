using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Keeps a copy of a module's weights from its best epoch so training can end on them.</summary>
internal sealed class BestWeights : IDisposable
{
    private readonly Dictionary<string, Tensor> _copy = new();

    public int Epoch { get; private set; }
    public double Loss { get; private set; } = double.PositiveInfinity;

    /// <summary>Records the weights if <paramref name="loss"/> is lower than the best so far; returns whether it was.</summary>
    public bool Offer(nn.Module module, int epoch, double loss)
    {
        if (!(loss < Loss)) return false;
        Loss = loss;
        Epoch = epoch;
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (_copy.TryGetValue(name, out var kept)) kept.copy_(parameter);
            else _copy[name] = parameter.detach().clone().DetachFromDisposeScope();
        }
        return true;
    }

    public void Restore(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters()) parameter.copy_(_copy[name]);
    }

    public void Dispose()
    {
        foreach (var tensor in _copy.Values) tensor.Dispose();
    }
}
