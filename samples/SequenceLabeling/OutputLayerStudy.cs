using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using RecurrentML;

/// <summary>
/// How the default output layer was chosen: k-fold cross-validation on each corpus' training split only (its dev and
/// test splits are not read). Every fold trains each output layer with default options on the other folds' sentences
/// and scores the held-out fold: token accuracy for parts of speech, entity F1 for named entities.
/// <c>dotnet run -c Release --project samples/SequenceLabeling -- cv [data folder] [folds, default 3]</c>.
/// </summary>
internal static class OutputLayerStudy
{
    public static void Run(string dataFolder, int folds, string results)
    {
        var corpora = new (string Name, string Path, bool Entities)[]
        {
            ("UD English-EWT UPOS", System.IO.Path.Combine(dataFolder, "ud-english-ewt", "en_ewt-ud-train.conllu"), false),
            ("WNUT-17 entities", System.IO.Path.Combine(dataFolder, "wnut17", "wnut17train.conll"), true),
        };
        var report = new Dictionary<string, object>();
        foreach (var (name, path, entities) in corpora)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist. Download the corpus (samples/SequenceLabeling/README.md) and pass its parent folder.");
            Console.WriteLine($"== {name}: {folds}-fold cross-validation on the training split");
            var scores = new Dictionary<string, List<double>>();
            var mlContext = new MLContext(seed: 1);
            var data = entities ? mlContext.Data.LoadFromConllFile(path) : mlContext.Data.LoadFromConllUFile(path);
            var splits = mlContext.Data.CrossValidationSplit(data, folds, seed: 1);
            for (int fold = 0; fold < splits.Count; fold++)
                foreach (var output in new[] { TaggerOutputLayer.Softmax, TaggerOutputLayer.Crf })
                {
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
                        .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(new RecurrentTaggerOptions { OutputLayer = output }))
                        .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"));
                    var clock = Stopwatch.StartNew();
                    var model = pipeline.Fit(splits[fold].TrainSet);
                    var metrics = TaggingEvaluation.Evaluate(model.Transform(splits[fold].TestSet), "Tags", "PredictedTags");
                    double score = entities ? metrics.Entities.F1 : metrics.TokenAccuracy;
                    Console.WriteLine($"fold {fold + 1}, {output}: {(entities ? "entity F1" : "token accuracy")} {score:F4} ({metrics.Tokens} tokens; fit {clock.Elapsed.TotalSeconds:F0} s)");
                    (scores.TryGetValue(output.ToString(), out var list) ? list : scores[output.ToString()] = new List<double>()).Add(score);
                }
            foreach (var (output, list) in scores) Console.WriteLine($"{output}: mean {list.Average():F4} over {list.Count} folds");
            report[name] = scores;
        }
        File.WriteAllText(System.IO.Path.Combine(results, $"output-layer-cv-{folds}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    }
}
