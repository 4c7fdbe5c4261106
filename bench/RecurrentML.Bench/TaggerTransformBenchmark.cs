using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace RecurrentML.Bench;

/// <summary>
/// Measure (10): tokens per second of the tagger's <c>Transform</c> on the UD English-EWT test split, CRF and softmax
/// output, beside a loop of <c>PredictionEngine.Predict</c> (one sentence per call) over the same sentences in the same
/// run, and how far the two agree (tags differing, largest score difference); and the latency of one sentence's
/// <c>Predict</c> (managed, Network/RowScoring/RowTagger) beside the torch path it replaced (one sentence per
/// <c>TaggerScorer</c> call, what the row mapper ran before), alternating sentence by sentence so that both see the
/// same load of a shared machine. The taggers have the default
/// architecture (BiLSTM 128, word embedding 100, 100 character filters) and are trained briefly on EWT train: speed
/// does not depend on accuracy.
/// </summary>
internal static class TaggerTransformBenchmark
{
    public sealed record Result(string OutputLayer, int Sentences, long Tokens, long TrainingSteps, double FitSeconds, double TestAccuracy,
        double[] TransformTokensPerSecond, double TransformTokensPerSecondMedian, double PredictTokensPerSecond, long TagsDiffering,
        double MaxScoreDifference, int LatencySentences, double PredictP50Ms, double PredictP99Ms, double TorchSentenceP50Ms, double TorchSentenceP99Ms);

    private sealed class Sentence
    {
        public string[] Tokens { get; set; }
    }

    private sealed class Tagged
    {
        public uint[] PredictedLabel { get; set; }
        public float[] Score { get; set; }
    }

    /// <param name="latencyStride">Every how many test sentences one is timed alone (the torch path is slow).</param>
    public static List<Result> Measure(string ewtFolder, int threads, long trainingSteps, int rounds, int latencyStride)
    {
        torch.set_num_threads(threads);
        var results = new List<Result>();
        foreach (var output in new[] { TaggerOutputLayer.Crf, TaggerOutputLayer.Softmax })
        {
            var mlContext = new MLContext(seed: 1);
            var train = mlContext.Data.LoadFromConllUFile(Path.Combine(ewtFolder, "en_ewt-ud-train.conllu"));
            var test = mlContext.Data.Cache(mlContext.Data.LoadFromConllUFile(Path.Combine(ewtFolder, "en_ewt-ud-test.conllu")));
            var options = new RecurrentTaggerOptions
            {
                OutputLayer = output, MaxTrainingSteps = trainingSteps, MinTrainingSteps = 1, MaxEpochs = 1, ValidationFraction = 0, NumberOfThreads = threads,
            };
            var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
                .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger(options));
            var clock = Stopwatch.StartNew();
            var model = pipeline.Fit(train);
            double fitSeconds = clock.Elapsed.TotalSeconds;
            var tagger = ((IEnumerable<ITransformer>)model).OfType<RecurrentTaggerTransformer>().Single();

            var sentences = test.GetColumn<string[]>("Tokens").Select(t => new Sentence { Tokens = t }).ToList();
            long tokens = sentences.Sum(s => (long)s.Tokens.Length);
            var gold = test.GetColumn<string[]>("Tags").ToList();

            // The tagger alone on the test sentences (its input is the Tokens column), read through a cursor.
            var input = mlContext.Data.LoadFromEnumerable(sentences, SentenceSchema());
            Read(tagger.Transform(mlContext.Data.TakeRows(input, 200))); // warm-up
            var rates = new double[rounds];
            List<Tagged> transformed = null;
            for (int round = 0; round < rounds; round++)
            {
                clock.Restart();
                transformed = Read(tagger.Transform(input));
                rates[round] = tokens / clock.Elapsed.TotalSeconds;
            }

            using var engine = mlContext.Model.CreatePredictionEngine<Sentence, Tagged>(tagger, inputSchema: input.Schema);
            foreach (var sentence in sentences.Take(50)) engine.Predict(sentence);
            var predicted = new List<Tagged>(sentences.Count);
            clock.Restart();
            foreach (var sentence in sentences) predicted.Add(Copy(engine.Predict(sentence)));
            double predictRate = tokens / clock.Elapsed.TotalSeconds;

            var timed = sentences.Where((_, i) => i % latencyStride == 0).ToList();
            foreach (var sentence in timed.Take(20)) tagger.Tag([sentence.Tokens]); // warm-up
            var torchMs = new double[timed.Count];
            var predictMs = new double[timed.Count];
            for (int i = 0; i < timed.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                tagger.Tag([timed[i].Tokens]);
                torchMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                engine.Predict(timed[i]);
                predictMs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            long differing = 0, correct = 0;
            double maxDifference = 0;
            for (int i = 0; i < sentences.Count; i++)
            {
                var (a, b) = (transformed[i], predicted[i]);
                for (int t = 0; t < a.PredictedLabel.Length; t++)
                {
                    differing += a.PredictedLabel[t] == b.PredictedLabel[t] ? 0 : 1;
                    correct += tagger.Tags[(int)a.PredictedLabel[t] - 1] == gold[i][t] ? 1 : 0;
                }
                for (int k = 0; k < a.Score.Length; k++) maxDifference = Math.Max(maxDifference, Math.Abs(a.Score[k] - b.Score[k]));
            }
            results.Add(new Result(output.ToString(), sentences.Count, tokens, trainingSteps, fitSeconds, (double)correct / tokens, rates,
                rates.Order().ElementAt(rounds / 2), predictRate, differing, maxDifference, timed.Count,
                Percentile(predictMs, 0.5), Percentile(predictMs, 0.99), Percentile(torchMs, 0.5), Percentile(torchMs, 0.99)));
            tagger.Dispose();
        }
        return results;
    }

    /// <summary>The smallest value at least <paramref name="fraction"/> of the values do not exceed.</summary>
    private static double Percentile(double[] values, double fraction) =>
        values.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(fraction * values.Length) - 1));

    private static List<Tagged> Read(IDataView scored) =>
        new MLContext().Data.CreateEnumerable<Tagged>(scored, reuseRowObject: false).Select(Copy).ToList();

    private static Tagged Copy(Tagged tagged) => new()
    {
        PredictedLabel = tagged.PredictedLabel?.ToArray() ?? [], Score = tagged.Score?.ToArray() ?? [],
    };

    private static SchemaDefinition SentenceSchema()
    {
        var schema = SchemaDefinition.Create(typeof(Sentence));
        schema[nameof(Sentence.Tokens)].ColumnType = new VectorDataViewType(TextDataViewType.Instance);
        return schema;
    }
}
