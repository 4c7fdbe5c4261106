using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>
/// The largest magnitude a stored weight may have: training refuses to go past it (a diverged training) and loading
/// refuses a file that holds more (a damaged or foreign file). Within it, every cell with bounded activations (LSTM,
/// GRU, RNN with tanh) scores finite values for any finite token input: a pre-activation is at most
/// fan-in (at most 2 x 2^20) x 1e4 x 1e4 ≈ 2e14, far below float's 3.4e38, and an LSTM's cell state grows by at most 1 a
/// step. Trained weights stay far inside it (the largest in this repository's fixture models is below 10); a weight of
/// 1e4 would already saturate every gate it feeds. The proof for float input and the cases it leaves open are in
/// docs/reliability.md.
/// </summary>
internal static class WeightLimit
{
    public const float MaxMagnitude = 1e4f;

    /// <summary>Whether <paramref name="value"/> is a finite number within ±<see cref="MaxMagnitude"/>.</summary>
    public static bool Holds(float value) => Math.Abs(value) <= MaxMagnitude;

    /// <summary>The first weight of <paramref name="modules"/> that is not finite or lies beyond the limit, with its
    /// largest magnitude (NaN for a NaN), or null when every one holds.</summary>
    public static (string Name, double Magnitude)? FirstBeyond(IEnumerable<nn.Module> modules)
    {
        using var scope = NewDisposeScope();
        foreach (var module in modules)
            foreach (var (name, parameter) in module.named_parameters())
            {
                if (parameter.numel() == 0) continue;
                var values = parameter.detach();
                if (values.isnan().any().item<bool>()) return (name, double.NaN);
                double magnitude = values.abs().max().item<float>();
                if (!(magnitude <= MaxMagnitude)) return (name, magnitude);
            }
        return null;
    }
}
