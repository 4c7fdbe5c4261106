using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// Model zips written by earlier versions keep loading and scoring as they did. Fixtures/&lt;format version&gt;/ holds
/// zips written by the RecurrentML of that format version, each with the encodings and scores it gave then
/// (&lt;name&gt;.expected.tsv); this version must load every one and reproduce them within 1e-5 (not bit for bit: the
/// fixtures were written on another CPU, whose kernels round differently). Fixtures are written once per format
/// version and never rewritten; a new format version adds its own folder (see
/// <see cref="Fixtures_written_now_load_and_score_as_they_did"/>).
/// </summary>
public class FormatCompatibilityTests
{
    public sealed class Series
    {
        [VectorType]
        public float[] Values { get; set; }
        public float Target { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
        public float[] Features { get; set; }
    }

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string[] FixturePaths() => Directory.GetFiles(Folder, "*.zip", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/')).Order().ToArray();

    public static TheoryData<string> Fixtures => new(FixturePaths());

    [Fact]
    public void Fixtures_of_every_format_version_are_present() =>
        Assert.Equal(new[]
        {
            "00010001/gru-bidirectional-mean-text.zip", "00010001/lstm-last-text.zip", "00010001/rnn-relu-max-floats.zip",
            "00010002/gru-bidirectional-mean-text.zip", "00010002/lstm-attention-text.zip", "00010002/lstm-last-text.zip", "00010002/rnn-relu-max-floats.zip",
            "00010003/gru-bidirectional-mean-text.zip", "00010003/lstm-attention-text.zip", "00010003/lstm-last-text.zip", "00010003/rnn-relu-max-floats.zip",
            "00010004/gru-bidirectional-mean-text.zip", "00010004/lstm-attention-text.zip", "00010004/lstm-last-text.zip", "00010004/lstm-score-text.zip",
            "00010004/rnn-relu-max-floats.zip",
            "00010005/gru-bidirectional-mean-text.zip", "00010005/lstm-attention-text.zip", "00010005/lstm-last-text.zip", "00010005/lstm-score-text.zip",
            "00010005/rnn-relu-max-floats.zip",
            "00010006/gru-bidirectional-mean-text.zip", "00010006/lstm-attention-text.zip", "00010006/lstm-last-text.zip", "00010006/lstm-score-text.zip",
            "00010006/rnn-relu-max-floats.zip",
        }, FixturePaths());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_zip_written_by_an_earlier_version_loads_and_scores_as_it_did(string fixture) =>
        AssertScoresAsWritten(Path.Combine(Folder, fixture));

    private static void AssertScoresAsWritten(string zip)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(zip, out _);
        var expected = File.ReadAllLines(Path.ChangeExtension(zip, ".expected.tsv"))
            .Select(line => line.Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var actual = Score(mlContext, model, zip.Contains("floats"));
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) < 1e-5, $"{Path.GetFileName(zip)} row {i} value {j}: written {expected[i][j]:R}, now {actual[i][j]:R}");
        }
    }

    /// <summary>
    /// The fixtures of the current format version, written to a temporary folder (or to RECURRENTML_WRITE_FIXTURES,
    /// to keep them as a new version's fixtures), load and score as they did when written.
    /// </summary>
    [Fact]
    public void Fixtures_written_now_load_and_score_as_they_did()
    {
        string keep = Environment.GetEnvironmentVariable("RECURRENTML_WRITE_FIXTURES");
        string folder = string.IsNullOrEmpty(keep) ? Directory.CreateTempSubdirectory("recurrentml-fixtures-").FullName : keep;
        try
        {
            WriteFixtures(folder);
            foreach (string zip in Directory.GetFiles(folder, "*.zip")) AssertScoresAsWritten(zip);
        }
        finally
        {
            if (string.IsNullOrEmpty(keep)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteFixtures(string target)
    {
        Directory.CreateDirectory(target);
        var mlContext = new MLContext(seed: 1);
        var reviews = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(300, seed: 1));
        Write(mlContext, target, "lstm-last-text", TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Lstm, o => { o.HiddenSize = 8; o.MaxEpochs = 2; }))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(reviews), reviews, floats: false);
        Write(mlContext, target, "gru-bidirectional-mean-text", TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Gru, o =>
            {
                o.HiddenSize = 6; o.NumberOfLayers = 2; o.Bidirectional = true; o.Pooling = SequencePooling.Mean; o.MaxEpochs = 2;
            }))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(reviews), reviews, floats: false);
        Write(mlContext, target, "lstm-attention-text", TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Lstm, o =>
            {
                o.HiddenSize = 8; o.Pooling = SequencePooling.Attention; o.AttentionWeightsColumnName = "Attention"; o.MaxEpochs = 2;
            }))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(reviews), reviews, floats: false);
        // The trainer reads the score column, so the expected scores check the training head's weights came back.
        Write(mlContext, target, "lstm-score-text", TestData.Tokens(mlContext)
            .Append(EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Lstm, o => { o.HiddenSize = 8; o.MaxEpochs = 2; o.ScoreColumnName = "EncoderScore"; }))
            .Append(mlContext.Transforms.Concatenate("Joined", "Features", "EncoderScore"))
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Joined")).Fit(reviews), reviews, floats: false);
        var series = mlContext.Data.LoadFromEnumerable(SeriesRows(200, seed: 1));
        Write(mlContext, target, "rnn-relu-max-floats", mlContext.Transforms.Rnn(new RnnOptions
        {
            InputColumnName = "Values", OutputColumnName = "Features", LabelColumnName = "Target", FeaturesPerStep = 2, HiddenSize = 8,
            Nonlinearity = RnnNonlinearity.Relu, Pooling = SequencePooling.Max, MaxEpochs = 2, Seed = 3,
        }).Append(mlContext.Transforms.NormalizeMinMax("Normalized", "Features"))
            // One thread: SDCA on several threads does not give the same weights twice.
            .Append(mlContext.Regression.Trainers.Sdca(new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options
            {
                LabelColumnName = "Target", FeatureColumnName = "Normalized", NumberOfThreads = 1,
            })).Fit(series), series, floats: true);
    }

    private static void Write(MLContext mlContext, string folder, string name, ITransformer model, IDataView data, bool floats)
    {
        string zip = Path.Combine(folder, name + ".zip");
        mlContext.Model.Save(model, data.Schema, zip);
        File.WriteAllLines(Path.ChangeExtension(zip, ".expected.tsv"),
            Score(mlContext, model, floats).Select(row => string.Join('\t', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
    }

    /// <summary>Each scoring row's Score followed by its encoding: 40 reviews (one empty, one of unseen words) or 40
    /// series of (value, marker) steps (one empty).</summary>
    internal static List<float[]> Score(MLContext mlContext, ITransformer model, bool floats)
    {
        var data = floats
            ? mlContext.Data.LoadFromEnumerable(SeriesRows(39, seed: 2).Append(new Series { Values = Array.Empty<float>() }))
            : mlContext.Data.LoadFromEnumerable(TestData.Sentiment(38, seed: 2)
                .Append(new Review { Text = "" }).Append(new Review { Text = "entirely unseen words" }));
        return mlContext.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false)
            .Select(r => r.Features.Prepend(r.Score).ToArray()).ToList();
    }

    /// <summary>Series of 3 to 12 (value, marker) steps; the target is the sum of the marked values.</summary>
    internal static IEnumerable<Series> SeriesRows(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int steps = random.Next(3, 13);
            var values = new float[2 * steps];
            float target = 0;
            for (int t = 0; t < steps; t++)
            {
                values[2 * t] = (float)random.NextDouble();
                values[2 * t + 1] = random.Next(3) == 0 ? 1 : 0;
                target += values[2 * t] * values[2 * t + 1];
            }
            yield return new Series { Values = values, Target = target };
        }
    }
}
