
namespace RecurrentML.Model;

/// <summary>Everything a fitted language model holds, as plain values: its architecture, the text of each key it was
/// trained on (entry k - 1 is key k), how generated tokens are joined, its training history and its weights by name.
/// This is what is written into the model zip; the torch network is built from it.</summary>
internal sealed record LanguageModel(
    LanguageModelShape Shape,
    IReadOnlyList<string> Vocabulary,
    string TokenSeparator,
    IReadOnlyList<EpochReport> History,
    IReadOnlyList<NamedWeight> Weights);
