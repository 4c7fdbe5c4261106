namespace RecurrentML;

/// <summary>How well a language model predicts a text (<see cref="LanguageModelTransformer.Evaluate"/>).</summary>
/// <param name="Perplexity">e to the <paramref name="LossPerToken"/>: the number of equally likely tokens the model's
/// uncertainty is worth at each step.</param>
/// <param name="LossPerToken">Mean next-token cross-entropy in nats over <paramref name="Tokens"/>.</param>
/// <param name="Tokens">Tokens predicted (ends of rows included).</param>
/// <param name="UnknownTokens">Tokens of the text that are unknown to the model (missing keys or keys beyond its
/// vocabulary); the model predicts them as "unknown", which is easier than predicting the word.</param>
public sealed record LanguageModelEvaluation(double Perplexity, double LossPerToken, long Tokens, long UnknownTokens);
