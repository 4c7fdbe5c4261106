using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Per-feature standardisation of float input: learned in Fit, saved, and applied alike in Transform,
/// PredictionEngine and the ONNX graph.</summary>
public sealed class FeatureStandardizationTests
{
    // Feature 0 around 100 with spread 30, feature 1 around -5 with spread 0.01: raw, tanh saturates on the first.
    private static readonly float[] Scale = { 30f, 0.01f }, Shift = { 100f, -5f };

    private static float[] Raw(float[] unit) => unit.Select((v, i) => v * Scale[i % 2] + Shift[i % 2]).ToArray();

    private static IDataView Training(MLContext mlContext, Func<float[], float[]> map)
    {
        var rows = mlContext.Data.CreateEnumerable<FloatSequence>(OnnxTestData.FloatTraining(mlContext, 64, seed: 2), reuseRowObject: false)
            .Select(r => new FloatSequence { Tokens = map(Raw(r.Tokens)), Label = r.Label }).ToList();
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    private static ITransformer Fit(MLContext mlContext, IDataView training, bool standardize) =>
        mlContext.Transforms.Lstm(new LstmOptions
        {
            InputColumnName = "Tokens", FeaturesPerStep = 2, HiddenSize = 4, MaxSequenceLength = OnnxTestData.MaxSequenceLength,
            MaxEpochs = 2, ValidationFraction = 0, Seed = 3, StandardizeFeatures = standardize,
        }).Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(training);

    [Fact]
    public void Standardising_in_the_encoder_equals_training_on_data_standardised_by_hand()
    {
        var mlContext = new MLContext(seed: 1);
        var raw = mlContext.Data.CreateEnumerable<FloatSequence>(Training(mlContext, v => v), reuseRowObject: false).ToList();
        var values = raw.SelectMany(r => r.Tokens).ToArray();
        var (means, deviations) = (new double[2], new double[2]);
        for (int f = 0; f < 2; f++)
        {
            var feature = values.Where((_, i) => i % 2 == f).Select(v => (double)v).ToArray();
            means[f] = feature.Average();
            deviations[f] = Math.Sqrt(feature.Select(v => (v - means[f]) * (v - means[f])).Average());
        }
        float[] ByHand(float[] v) => v.Select((x, i) => (float)((x - means[i % 2]) / deviations[i % 2])).ToArray();

        var inEncoder = Fit(mlContext, Training(mlContext, v => v), standardize: true);
        var byHand = Fit(mlContext, Training(mlContext, ByHand), standardize: false);
        var rows = OnnxTestData.FloatRows().Where(r => r.Length > 0).Select(Raw).ToArray();
        var a = Encodings(mlContext, inEncoder, rows);
        var b = Encodings(mlContext, byHand, rows.Select(ByHand));
        // Training amplifies float rounding of the inputs (1e-7 relative) a little; a missing or wrong standardisation
        // changes encodings by more than 0.1 (the test below).
        double largest = a.Zip(b).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        Assert.True(largest < 1e-2, $"largest difference {largest}");
    }

    [Fact]
    public void Without_standardisation_raw_scales_change_the_encoding()
    {
        // The check above could pass if standardisation did nothing: here the two settings must differ.
        var mlContext = new MLContext(seed: 1);
        var rows = OnnxTestData.FloatRows().Where(r => r.Length > 0).Select(Raw).ToArray();
        var on = Encodings(mlContext, Fit(mlContext, Training(mlContext, v => v), standardize: true), rows);
        var off = Encodings(mlContext, Fit(mlContext, Training(mlContext, v => v), standardize: false), rows);
        double largest = on.Zip(off).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        Assert.True(largest > 0.1, $"largest difference {largest}");
    }

    [Fact]
    public void Saved_and_reloaded_it_scores_the_same_in_Transform_and_PredictionEngine()
    {
        var mlContext = new MLContext(seed: 1);
        var training = Training(mlContext, v => v);
        var model = Fit(mlContext, training, standardize: true);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, training.Schema, stream);
        stream.Position = 0;
        var loaded = mlContext.Model.Load(stream, out _);
        var rows = OnnxTestData.FloatRows().Select(Raw).ToArray();
        var before = Encodings(mlContext, model, rows);
        var after = Encodings(mlContext, loaded, rows);
        var engine = mlContext.Model.CreatePredictionEngine<FloatSequence, ScoredSequence>(loaded);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(before[i], after[i]);
            var single = engine.Predict(new FloatSequence { Tokens = rows[i] }).Features;
            for (int j = 0; j < single.Length; j++) Assert.True(Math.Abs(single[j] - before[i][j]) < 1e-5, $"row {i} value {j}");
        }
    }

    [Fact]
    public void The_ONNX_graph_standardises_as_ML_NET_does() =>
        OnnxExportTests.AssertAgreement(new MLContext(seed: 1), Fit(new MLContext(seed: 1), Training(new MLContext(seed: 1), v => v), standardize: true),
            OnnxTestData.FloatRows().Select(Raw).ToArray(), OnnxTestData.FloatScoring);

    private static List<float[]> Encodings(MLContext mlContext, ITransformer model, IEnumerable<float[]> rows) =>
        mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(OnnxTestData.FloatScoring(mlContext, rows)), reuseRowObject: false)
            .Select(s => s.Features).ToList();
}
