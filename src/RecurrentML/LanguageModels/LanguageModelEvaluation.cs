namespace RecurrentML;

/// <summary>How well a language model predicts a text (<see cref="LanguageModelTransformer.Evaluate"/>).</summary>
/// <param name="Perplexity">e to the <paramref name="LossPerToken"/>: the number of equally likely tokens the model's
/// uncertainty is worth at each step. Positive infinity when the loss passes 709.78 nats a token, where e to it leaves
/// double's range (a model worse than any trained one; the loss itself stays finite).</param>
/// <param name="LossPerToken">Mean next-token cross-entropy in nats over <paramref name="Tokens"/>; always finite (an
/// overflow is an error, see docs/reliability.md).</param>
/// <param name="Tokens">Tokens predicted (ends of rows included).</param>
/// <param name="UnknownTokens">Tokens of the text that are unknown to the model (missing keys or keys beyond its
/// vocabulary); the model predicts them as "unknown", which is easier than predicting the word.</param>
public sealed record LanguageModelEvaluation(double Perplexity, double LossPerToken, long Tokens, long UnknownTokens);
