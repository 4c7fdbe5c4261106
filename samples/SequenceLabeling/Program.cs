using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;

// Part-of-speech tagging on UD English-EWT and named entities on WNUT-17 with the recurrent tagger.
// dotnet run -c Release --project samples/SequenceLabeling -- [pos|ner|both] [data folder, default ../shared/data] [softmax,crf]
// (or `-- cv [data folder] [folds]`: the output-layer study on the training splits, OutputLayerStudy.cs)
// The output layers listed last (default both) are each trained; the one with the best dev score (token accuracy for
// parts of speech, entity F1 for entities) is chosen and the test split scored once with it. Results go to
// samples/SequenceLabeling/results/: results-<task>.json, and tagged-sentences-<task>.html with a dozen test
// sentences as the chosen model tagged them.

string task = args.Length > 0 ? args[0] : "both";
string dataFolder = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data");
var outputLayers = (args.Length > 2 ? args[2] : "softmax,crf").Split(',').Select(o => Enum.Parse<TaggerOutputLayer>(o, ignoreCase: true)).ToArray();
string results = Path.Combine(ProjectFolder(), "results");
Directory.CreateDirectory(results);
if (task == "cv")
{
    OutputLayerStudy.Run(dataFolder, args.Length > 2 ? int.Parse(args[2]) : 3, results);
    return;
}
var report = new Dictionary<string, object>();
var page = new TaggedSentencesPage();

if (task is "pos" or "both")
{
    string folder = Path.Combine(dataFolder, "ud-english-ewt");
    RequireFiles(folder, "en_ewt-ud-train.conllu", "en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu");
    report["pos"] = Run("UD English-EWT UPOS", page, mlContext => (
        mlContext.Data.LoadFromConllUFile(Path.Combine(folder, "en_ewt-ud-train.conllu")),
        mlContext.Data.LoadFromConllUFile(Path.Combine(folder, "en_ewt-ud-dev.conllu")),
        mlContext.Data.LoadFromConllUFile(Path.Combine(folder, "en_ewt-ud-test.conllu"))), entities: false, outputLayers);
}
if (task is "ner" or "both")
{
    string folder = Path.Combine(dataFolder, "wnut17");
    RequireFiles(folder, "wnut17train.conll", "emerging.dev.conll", "emerging.test.annotated");
    report["ner"] = Run("WNUT-17 entities", page, mlContext => (
        mlContext.Data.LoadFromConllFile(Path.Combine(folder, "wnut17train.conll")),
        mlContext.Data.LoadFromConllFile(Path.Combine(folder, "emerging.dev.conll")),
        mlContext.Data.LoadFromConllFile(Path.Combine(folder, "emerging.test.annotated"))), entities: true, outputLayers);
}
File.WriteAllText(Path.Combine(results, $"results-{task}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
string pagePath = Path.Combine(results, $"tagged-sentences-{task}.html");
File.WriteAllText(pagePath, page.Html("Test sentences tagged by the recurrent tagger"));
Console.WriteLine($"Wrote {pagePath}");

static Dictionary<string, object> Run(string name, TaggedSentencesPage page, Func<MLContext, (IDataView Train, IDataView Dev, IDataView Test)> load, bool entities,
    TaggerOutputLayer[] outputLayers)
{
    Console.WriteLine($"== {name}");
    var candidates = new List<(TaggerOutputLayer Output, ITransformer Model, TaggingMetrics Dev, double FitSeconds)>();
    foreach (var output in outputLayers)
    {
        // recipe:start
        var mlContext = new MLContext(seed: 1);
        mlContext.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.Contains("Tagger")) Console.WriteLine($"  {e.RawMessage}"); };
        var (train, dev, _) = load(mlContext);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
            .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(new RecurrentTaggerOptions { OutputLayer = output }))
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"));
        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = TaggingEvaluation.Evaluate(model.Transform(dev), "Tags", "PredictedTags");
        // recipe:end
        Console.WriteLine($"{output}: fit {seconds:F0} s; dev token accuracy {metrics.TokenAccuracy:F4}, entity F1 {metrics.Entities.F1:F4}");
        candidates.Add((output, model, metrics, seconds));
    }
    var chosen = candidates.OrderByDescending(c => entities ? c.Dev.Entities.F1 : c.Dev.TokenAccuracy).First();
    var context = new MLContext(seed: 1);
    var (trainData, _, test) = load(context);
    var clockTest = Stopwatch.StartNew();
    var scored = chosen.Model.Transform(test);
    var testMetrics = TaggingEvaluation.Evaluate(scored, "Tags", "PredictedTags");
    double tagSeconds = clockTest.Elapsed.TotalSeconds;
    var (oovAccuracy, oovShare) = UnseenWordAccuracy(context, trainData, scored);
    page.AddSection($"{name}: output layer {chosen.Output}{(outputLayers.Length > 1 ? " (chosen on dev)" : "")}, test token accuracy {testMetrics.TokenAccuracy:F4}" +
                    (entities ? $", entity F1 {testMetrics.Entities.F1:F4}" : ""), scored, entities);
    Console.WriteLine($"chosen on dev: {chosen.Output}; test token accuracy {testMetrics.TokenAccuracy:F4} ({testMetrics.Tokens} tokens), entity " +
        $"P {testMetrics.Entities.Precision:F4} R {testMetrics.Entities.Recall:F4} F1 {testMetrics.Entities.F1:F4}; unseen words {oovShare:P1} of test " +
        $"tokens, accuracy {oovAccuracy:F4}; tagging {testMetrics.Tokens / tagSeconds:F0} tokens/s (Transform, with evaluation)");
    return new Dictionary<string, object>
    {
        ["chosen"] = chosen.Output.ToString(),
        ["dev"] = candidates.ToDictionary(c => c.Output.ToString(), c => (object)new { c.Dev.TokenAccuracy, EntityF1 = c.Dev.Entities.F1, c.FitSeconds }),
        ["testTokenAccuracy"] = testMetrics.TokenAccuracy,
        ["testEntityPrecision"] = testMetrics.Entities.Precision,
        ["testEntityRecall"] = testMetrics.Entities.Recall,
        ["testEntityF1"] = testMetrics.Entities.F1,
        ["testTokens"] = testMetrics.Tokens,
        ["unseenWordShare"] = oovShare,
        ["unseenWordAccuracy"] = oovAccuracy,
        ["transformTokensPerSecond"] = testMetrics.Tokens / tagSeconds,
    };
}

static (double Accuracy, double Share) UnseenWordAccuracy(MLContext mlContext, IDataView train, IDataView scored)
{
    var seen = train.GetColumn<string[]>("Tokens").SelectMany(t => t).ToHashSet();
    var tokens = scored.GetColumn<string[]>("Tokens").ToList();
    var gold = scored.GetColumn<string[]>("Tags").ToList();
    var predicted = scored.GetColumn<string[]>("PredictedTags").ToList();
    long unseen = 0, correct = 0, all = 0;
    for (int s = 0; s < tokens.Count; s++)
        for (int t = 0; t < tokens[s].Length; t++)
        {
            all++;
            if (seen.Contains(tokens[s][t])) continue;
            unseen++;
            if (gold[s][t] == predicted[s][t]) correct++;
        }
    return (unseen == 0 ? double.NaN : (double)correct / unseen, (double)unseen / all);
}

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "SequenceLabeling.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}

static void RequireFiles(string folder, params string[] names)
{
    foreach (string name in names)
        if (!File.Exists(Path.Combine(folder, name)))
            throw new FileNotFoundException($"'{Path.Combine(folder, name)}' does not exist. Download the corpus (samples/SequenceLabeling/README.md) and pass its parent folder.");
}
