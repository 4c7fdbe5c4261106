using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;

namespace SpeechDigits;

/// <summary>
/// Isolated digits, speaker-independent: MFCC frames into LSTM, GRU and RNN encoders with a classifier on the encoding
/// (DigitPipeline.cs), beside two references on the same frames: the frames summarised without their order (each
/// feature's mean and deviation into SdcaMaximumEntropy), and the nearest training recording by dynamic time warping
/// (the classic isolated-word recogniser). Leave one speaker out (every recording of a speaker either trains or tests),
/// and upstream's own split (repetitions 0-4 of everyone test).
/// </summary>
internal static class IsolatedRecognition
{
    public static void Run(List<Recording> recordings, IReadOnlyList<string> speakers, bool quick, int seed, string results)
    {
        var cells = quick ? new[] { RecurrentCell.Gru } : new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn };
        var splits = (quick ? speakers.Take(1) : speakers)
            .Select(s => (Name: s, Test: (Func<Recording, bool>)(r => r.Speaker == s)))
            .Append(("upstream split", r => r.Repetition < 5)).ToList();
        var audio = DigitPipeline.Audio();
        var mlContext = new MLContext(seed: seed);
        // The frames of every recording, computed once for the two references (the recurrent pipelines compute their own).
        var recordingRows = mlContext.Data.LoadFromEnumerable(recordings);
        var frames = mlContext.Transforms.AudioFeatures(audio).Fit(recordingRows).Transform(recordingRows).GetColumn<float[]>(audio.OutputColumnName).ToArray();
        var statistics = FrameStatistics.Compute(recordings, frames, audio.FeaturesPerStep);
        var accuracy = new Dictionary<(string Method, string Split), double>();
        var seconds = new Dictionary<string, double>();

        foreach (var (split, isTest) in splits)
        {
            var train = recordings.Where(r => !isTest(r)).ToList();
            var test = recordings.Where(isTest).ToList();
            Console.WriteLine($"{split}: {train.Count} training recordings, {test.Count} test");

            var clock = Stopwatch.StartNew();
            IDataView Statistics(bool testing) =>
                FrameStatistics.Load(mlContext, recordings.Select((r, i) => (r, i)).Where(x => isTest(x.r) == testing).Select(x => statistics[x.i]), audio.FeaturesPerStep);
            var statisticsTest = FrameStatistics.Pipeline(mlContext).Fit(Statistics(testing: false)).Transform(Statistics(testing: true));
            Record("MFCC mean and deviation + SdcaMaximumEntropy", split, mlContext.MulticlassClassification.Evaluate(statisticsTest).MicroAccuracy, clock.Elapsed.TotalSeconds);

            clock.Restart();
            var indices = Enumerable.Range(0, recordings.Count).ToList();
            var dtw = new NearestNeighbourDtw(indices.Where(i => !isTest(recordings[i])).Select(i => (frames[i], recordings[i].Label)), audio.FeaturesPerStep);
            var testIndices = indices.Where(i => isTest(recordings[i])).ToList();
            var dtwLabels = dtw.Predict(testIndices.Select(i => frames[i]).ToList());
            Record("1-NN DTW on the MFCC frames", split, testIndices.Where((i, k) => dtwLabels[k] == recordings[i].Label).Count() / (double)testIndices.Count, clock.Elapsed.TotalSeconds);

            foreach (var cell in cells)
            {
                clock.Restart();
                var model = DigitPipeline.Create(new MLContext(seed: seed), audio, cell, seed).Fit(mlContext.Data.LoadFromEnumerable(train));
                var predictions = model.Transform(mlContext.Data.LoadFromEnumerable(test));
                Record($"{cell.ToString().ToUpperInvariant()} encoder + SdcaMaximumEntropy", split, mlContext.MulticlassClassification.Evaluate(predictions).MicroAccuracy, clock.Elapsed.TotalSeconds);
                (model as IDisposable)?.Dispose();
            }
        }

        var speakerColumns = splits.Select(s => s.Name).Where(s => s != "upstream split").ToList();
        string header = "| method | " + string.Join(" | ", speakerColumns) + " | speakers' mean | upstream split | fit seconds |\n|---|" + string.Concat(Enumerable.Repeat("---:|", speakerColumns.Count + 3));
        var rows = accuracy.Keys.Select(k => k.Method).Distinct().Select(method =>
            $"| {method} | " + string.Join(" | ", speakerColumns.Select(s => Percent(accuracy[(method, s)]))) +
            $" | {Percent(speakerColumns.Average(s => accuracy[(method, s)]))} | {Percent(accuracy[(method, "upstream split")])} | {seconds[method]:F0} |").ToList();
        Console.WriteLine();
        Console.WriteLine(header);
        rows.ForEach(Console.WriteLine);
        File.WriteAllText(Path.Combine(results, quick ? "results-quick.md" : "results.md"),
            $"# Spoken digits: test accuracy\n\n{recordings.Count} recordings of {speakers.Count} speakers; a speaker's column is the accuracy on all of their " +
            "recordings with the model trained on the other speakers; the upstream split tests repetitions 0-4 of everyone. Fit seconds: all splits together.\n\n" +
            header + "\n" + string.Join('\n', rows) + "\n");
        Console.WriteLine($"Wrote {results}");

        void Record(string method, string split, double value, double elapsed)
        {
            accuracy[(method, split)] = value;
            seconds[method] = seconds.GetValueOrDefault(method) + elapsed;
            Console.WriteLine($"  {method}: {Percent(value)} ({elapsed:F0} s)");
        }

    }

    private static string Percent(double value) => (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
