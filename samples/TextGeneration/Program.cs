// A word-level LSTM language model on Jane Austen's six novels (Data/SOURCE.md), trained inside an ML.NET pipeline:
// validation perplexity per epoch, then text generated from a few prompts at two temperatures.
//   dotnet run -c Release --project samples/TextGeneration                  the sample (about 6 minutes on 2 cores)
//   ... -- --export DIR     also writes the token ids and settings bench/reference/pytorch_lm.py trains on
//   ... -- --bpe            also trains the same model on GPT-2 subword tokens and compares per-word perplexity
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;
using TextGeneration;

var mlContext = new MLContext(seed: 1);
var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data"), "*.txt").OrderBy(f => f).ToArray();
var paragraphs = AustenText.Read(files);
var data = mlContext.Data.LoadFromEnumerable(paragraphs);
string exportFolder = args.SkipWhile(a => a != "--export").Skip(1).FirstOrDefault();

// recipe:start
// The language model validates on the last ValidationFraction of the rows, in order (the end of Sense and Sensibility);
// the vocabulary comes from the rows before them only, so validation words it never saw read as unknown, as any new
// text's would.
var settings = SampleSettings.Create();
int trainingRows = paragraphs.Count - (int)Math.Round(paragraphs.Count * settings.ValidationFraction);
var vocabulary = WordVocabulary.Build(mlContext, paragraphs.Take(trainingRows), minimumCount: 3);
Console.WriteLine($"Jane Austen: {files.Length} novels, {paragraphs.Count:N0} paragraphs ({trainingRows:N0} to train on); " +
                  $"{vocabulary.Count:N0} words seen at least 3 times in them form the vocabulary, the rest read as unknown.");

// Each epoch as it ends, and a progress bar inside it on a terminal.
using var progress = TrainingProgress.WriteToConsole(mlContext);

var tokens = mlContext.Transforms.Text.NormalizeText("Text", keepPunctuations: true)
    .Append(mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text"))
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens", keyData: vocabulary.KeyData));
var clock = Stopwatch.StartNew();
var model = tokens.Append(mlContext.Transforms.LanguageModel(settings)).Fit(data);
double seconds = clock.Elapsed.TotalSeconds;
var language = model.LastTransformer;

Console.WriteLine();
Console.WriteLine($"Trained in {seconds:F0} s. Validation perplexity per epoch (per token, ends of paragraphs included):");
foreach (var epoch in language.TrainingHistory)
    Console.WriteLine($"  epoch {epoch.Epoch}: training loss {epoch.TrainingLoss:F3}, validation perplexity {epoch.ValidationMetric:F1} ({epoch.Seconds:F0} s)");

// Saved and reloaded like any ML.NET model; the reloaded model generates the same text.
string zip = Path.Combine(Path.GetTempPath(), "austen-language-model.zip");
mlContext.Model.Save(model, data.Schema, zip);
var reloaded = ((TransformerChain<ITransformer>)mlContext.Model.Load(zip, out _)).OfType<LanguageModelTransformer>().Single();
Console.WriteLine($"Saved to {zip} ({new FileInfo(zip).Length / 1e6:F1} MB) and reloaded.");

string[] prompts = { "it is a truth universally acknowledged that", "she was", "mr . knightley", "\" my dear" };
foreach (double temperature in new[] { 0.7, 1.0 })
{
    Console.WriteLine();
    Console.WriteLine($"Generated at temperature {temperature} (top-p 0.95, seed 1, up to 40 tokens, stopping at the end of a paragraph):");
    foreach (string prompt in prompts)
    {
        var options = new GenerationOptions { Temperature = temperature, TopP = 0.95, Seed = 1, MaxTokens = 40 };
        string text = reloaded.Generate(prompt, options);
        if (text != language.Generate(prompt, options)) throw new InvalidOperationException("The reloaded model generated other text.");
        Console.WriteLine($"  [{prompt}] {text}");
    }
}
// recipe:end

if (exportFolder != null) ReferenceExport.Write(exportFolder, mlContext, tokens.Fit(data).Transform(data), language, settings, seconds);
if (args.Contains("--bpe")) SubwordComparison.Run(mlContext, paragraphs, trainingRows, settings, language, tokens.Fit(data).Transform(data));
