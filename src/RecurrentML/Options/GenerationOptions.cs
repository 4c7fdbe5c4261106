namespace RecurrentML;

/// <summary>
/// How a language model samples a continuation: each next token is drawn from the model's distribution, sharpened or
/// flattened by <see cref="Temperature"/> and cut to the <see cref="TopK"/> most likely tokens and to the smallest set
/// whose probability reaches <see cref="TopP"/> (nucleus sampling, Holtzman et al. 2020). The unknown token is never
/// drawn. The same options, prompt and model give the same text.
/// </summary>
public sealed class GenerationOptions
{
    /// <summary>Most tokens generated. Default 40.</summary>
    public int MaxTokens = 40;

    /// <summary>Divides the logits before sampling: below 1 more predictable text, above 1 more varied; 0 always takes
    /// the most likely token (greedy). Default 0.7.</summary>
    public double Temperature = 0.7;

    /// <summary>Only the k most likely tokens can be drawn; 0 means no limit. Default 0.</summary>
    public int TopK;

    /// <summary>Only the most likely tokens whose probabilities add up to at least this can be drawn; 1 means no
    /// limit. Default 0.95.</summary>
    public double TopP = 0.95;

    /// <summary>Seed of the draws. Default 0.</summary>
    public int Seed;

    /// <summary>Tokens that end the text when generated (they are included in it), for example ".". The end of a row
    /// always ends it (and is not included). Default none.</summary>
    public string[] StopTokens = Array.Empty<string>();

    /// <summary>A copy, for callers that change some options and keep the rest.</summary>
    public GenerationOptions Clone() => new()
    {
        MaxTokens = MaxTokens, Temperature = Temperature, TopK = TopK, TopP = TopP, Seed = Seed, StopTokens = StopTokens.ToArray(),
    };

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> naming the first one out of range.</summary>
    public void Validate()
    {
        if (MaxTokens < 1 || MaxTokens > 1 << 20) throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, $"MaxTokens is {MaxTokens}; expected an integer from 1 to {1 << 20}.");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, $"Temperature is {Temperature}; expected a finite number >= 0 (0 is greedy).");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, $"TopK is {TopK}; expected an integer >= 0 (0 is no limit).");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, $"TopP is {TopP}; expected a number in (0, 1].");
        if (StopTokens == null || StopTokens.Any(t => t == null))
            throw new ArgumentNullException(nameof(StopTokens), "StopTokens is null or holds null; expected an array of tokens (empty for none).");
    }
}
