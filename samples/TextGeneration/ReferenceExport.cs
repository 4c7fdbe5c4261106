using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;

namespace TextGeneration;

/// <summary>Writes what bench/reference/pytorch_lm.py needs to train the same model on the same data: every
/// paragraph's token ids as the language model read them (key k is id k, a word outside the vocabulary 0), one
/// paragraph per line, and the settings and this run's results as JSON.</summary>
public static class ReferenceExport
{
    public static void Write(string folder, MLContext mlContext, IDataView tokens, LanguageModelTransformer language, LanguageModelOptions options, double fitSeconds)
    {
        Directory.CreateDirectory(folder);
        using (var writer = new StreamWriter(Path.Combine(folder, "rows.txt")))
            foreach (var row in tokens.GetColumn<VBuffer<uint>>("Tokens"))
                writer.WriteLine(string.Join(' ', row.DenseValues()));
        var settings = new
        {
            vocabulary = language.Vocabulary.Count,
            embedding = language.EmbeddingSize,
            hidden = language.HiddenSize,
            layers = language.NumberOfLayers,
            tied = language.TiedEmbeddings,
            dropout = options.Dropout,
            chunk = options.ChunkLength,
            batch = options.BatchSize,
            learning_rate = options.LearningRate,
            clip = options.GradientClipNorm,
            steps = options.MaxTrainingSteps,
            validation_fraction = options.ValidationFraction,
            warmup_fraction = 0.05,
            threads = Environment.ProcessorCount,
            dotnet = new
            {
                fit_seconds = fitSeconds,
                epochs = language.TrainingHistory.Select(e => new { e.Epoch, e.TrainingLoss, e.ValidationLoss, Perplexity = e.ValidationMetric, e.Seconds }),
            },
        };
        File.WriteAllText(Path.Combine(folder, "settings.json"), JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Wrote the token ids and settings for bench/reference/pytorch_lm.py to {folder}.");
    }
}
