using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Keeps a copy of the modules' weights from their best epoch so training can end on them.</summary>
internal sealed class BestWeights : IDisposable
{
    private readonly Dictionary<string, Tensor> _copy = new();

    public bool IsEmpty => _copy.Count == 0;

    /// <summary>Copies the modules' current weights over any kept before.</summary>
    public void Keep(params nn.Module[] modules)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in Parameters(modules))
        {
            if (_copy.TryGetValue(name, out var kept)) kept.copy_(parameter);
            else _copy[name] = parameter.detach().clone().DetachFromDisposeScope();
        }
    }

    public void Restore(params nn.Module[] modules)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in Parameters(modules)) parameter.copy_(_copy[name]);
    }

    private static IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> Parameters(nn.Module[] modules) =>
        modules.SelectMany((module, i) => module.named_parameters().Select(p => ($"{i}.{p.name}", p.parameter)));

    public void Dispose()
    {
        foreach (var tensor in _copy.Values) tensor.Dispose();
    }
}
