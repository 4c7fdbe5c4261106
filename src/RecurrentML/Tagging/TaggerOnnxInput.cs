namespace RecurrentML;

/// <summary>
/// What a tagger's ONNX graph reads for one sentence (<see cref="RecurrentTaggerTransformer.OnnxInput"/>), computed in
/// .NET because ONNX has no exact operator for the tagger's word lookup (lower-casing depends on the host's locales)
/// nor for splitting a word into characters. Feed <see cref="WordIds"/> as the graph input <c>{tokens column}.WordIds</c>,
/// int64 of shape [1, tokens], and, when the tagger has character features, <see cref="CharacterIds"/> as
/// <c>{tokens column}.CharacterIds</c>, int64 of shape [1, tokens * <see cref="CharactersPerToken"/>].
/// </summary>
/// <param name="WordIds">Each token's word id, 0 for a word the tagger does not know.</param>
/// <param name="CharacterIds">Each token's character ids, token after token, padded with 0 to
/// <see cref="CharactersPerToken"/>; null without character features.</param>
/// <param name="CharactersPerToken">Character ids per token: the longest token's (at least 1); 0 without character
/// features.</param>
public sealed record TaggerOnnxInput(long[] WordIds, long[] CharacterIds, int CharactersPerToken);
