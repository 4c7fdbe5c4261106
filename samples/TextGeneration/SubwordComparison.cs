using Microsoft.ML;
using Microsoft.ML.Tokenizers;
using RecurrentML;

namespace TextGeneration;

/// <summary>
/// The same language model on GPT-2 subword tokens (Microsoft.ML.Tokenizers' byte-level BPE), against the word
/// model: per-token perplexities are not comparable (the validation text is 1.09 subword tokens per word), so both are
/// turned into per-word perplexity, the total loss over the validation text divided by its word count.
/// </summary>
public static class SubwordComparison
{
    private sealed class SubwordRow
    {
        public string[] Pieces { get; set; }
    }

    private sealed class Piece
    {
        public string Value { get; set; }
    }

    public static void Run(MLContext mlContext, List<Paragraph> paragraphs, int trainingRows, LanguageModelOptions wordSettings,
        LanguageModelTransformer wordModel, IDataView wordTokens)
    {
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        // GPT-2 tokens carry their leading space, so joining them with "" gives the text back.
        var rows = paragraphs.Select(p => new SubwordRow
        {
            Pieces = tokenizer.EncodeToTokens(p.Text.ToLowerInvariant(), out _).Select(t => t.Value).ToArray(),
        }).ToList();
        var keys = mlContext.Data.LoadFromEnumerable(rows.Take(trainingRows).SelectMany(r => r.Pieces).Distinct().Select(v => new Piece { Value = v }));
        var settings = SampleSettings.Create();
        settings.InputColumnName = "Pieces";
        settings.TokenSeparator = "";
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Pieces", keyData: keys).Append(mlContext.Transforms.LanguageModel(settings));
        var model = pipeline.Fit(data);
        var subword = model.LastTransformer;

        var validationWords = wordModel.Evaluate(mlContext.Data.SkipRows(wordTokens, trainingRows));
        var validationPieces = subword.Evaluate(mlContext.Data.SkipRows(model.Transform(data), trainingRows));
        // The tails the two evaluations leave out differ by a few tokens; per-word perplexity uses each one's own counts.
        double wordsPerToken = (double)validationWords.Tokens / validationPieces.Tokens;
        double subwordPerWord = Math.Exp(validationPieces.LossPerToken / wordsPerToken);
        Console.WriteLine();
        Console.WriteLine("Word tokens against GPT-2 subword tokens, same model and steps, on the validation paragraphs:");
        Console.WriteLine($"  words:    {wordModel.Vocabulary.Count:N0} keys, {validationWords.Tokens:N0} tokens, {validationWords.UnknownTokens:N0} unknown " +
                          $"({100.0 * validationWords.UnknownTokens / validationWords.Tokens:F2}%), per-token = per-word perplexity {validationWords.Perplexity:F1}");
        Console.WriteLine($"  subwords: {subword.Vocabulary.Count:N0} keys, {validationPieces.Tokens:N0} tokens, {validationPieces.UnknownTokens:N0} unknown " +
                          $"({100.0 * validationPieces.UnknownTokens / validationPieces.Tokens:F2}%), per-token perplexity {validationPieces.Perplexity:F1}, " +
                          $"per-word perplexity {subwordPerWord:F1}");
        foreach (string prompt in new[] { "it is a truth universally acknowledged that", "she was" })
        {
            var prompted = tokenizer.EncodeToTokens(prompt, out _).Select(t => t.Value);
            Console.WriteLine($"  [{prompt}] {string.Concat(subword.GenerateTokens(prompted, new GenerationOptions { Temperature = 0.7, Seed = 1, MaxTokens = 48 }))}");
        }
    }
}
