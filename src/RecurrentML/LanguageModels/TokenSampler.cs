namespace RecurrentML.LanguageModels;

/// <summary>
/// Draws the next token id from a step's logits as <see cref="GenerationOptions"/> says, in managed code from a seeded
/// <see cref="Random"/>, so a seed gives the same draws on every machine (up to ties the logits' last bits decide).
/// Id 0, the unknown token, is never drawn: text made of "unknown" says nothing.
/// </summary>
internal sealed class TokenSampler
{
    private readonly GenerationOptions _options;
    private readonly Random _random;

    public TokenSampler(GenerationOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        if (_options.Temperature == 0) return ArgMax(logits);
        var order = Enumerable.Range(1, logits.Length - 1).ToArray();
        var values = logits.ToArray();
        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]));
        int keep = _options.TopK > 0 ? Math.Min(_options.TopK, order.Length) : order.Length;
        // Softmax over the kept ids at the temperature, from the largest logit down (no overflow).
        var weights = new double[keep];
        double max = values[order[0]], total = 0;
        for (int i = 0; i < keep; i++) total += weights[i] = Math.Exp((values[order[i]] - max) / _options.Temperature);
        double cumulative = 0;
        for (int i = 0; i < keep; i++)
        {
            cumulative += weights[i] / total;
            if (cumulative >= _options.TopP)
            {
                keep = i + 1;
                break;
            }
        }
        double kept = weights.AsSpan(0, keep).ToArray().Sum();
        double draw = _random.NextDouble() * kept;
        for (int i = 0; i < keep; i++)
        {
            draw -= weights[i];
            if (draw < 0) return order[i];
        }
        return order[keep - 1];
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 1;
        for (int i = 2; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
