using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>The time-series classification pipeline of samples/TimeSeriesClassification, read from a real <c>.ts</c>
/// file (JapaneseVowels: 12 dimensions, 7 to 26 steps): it survives save/load and ONNX export with its learned
/// standardisation.</summary>
public sealed class TimeSeriesClassificationPipelineTests
{
    private static readonly string TrainFile = Path.Combine(AppContext.BaseDirectory, "Data", "JapaneseVowels", "JapaneseVowels_TRAIN.ts");

    private sealed class Case
    {
        public float[] Features { get; set; }
        public string Label { get; set; }
    }

    private sealed class ScoredCase
    {
        public float[] Score { get; set; }
        public string PredictedLabel { get; set; }
    }

    private sealed class CaseFeatures
    {
        public float[] Features { get; set; }
    }

    private static (TsDataView Data, ITransformer Labels, ITransformer Classifier) Fit(MLContext mlContext)
    {
        var data = mlContext.Data.LoadFromTsFile(TrainFile);
        var labels = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(data);
        var classifier = mlContext.Transforms.Lstm(new LstmOptions
            {
                InputColumnName = "Features", OutputColumnName = "Encoding", FeaturesPerStep = data.Dimensions, HiddenSize = 8,
                MaxEpochs = 2, ValidationFraction = 0, Seed = 1,
            })
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(featureColumnName: "Encoding"))
            .Fit(labels.Transform(data));
        return (data, labels, classifier);
    }

    [Fact]
    public void Saved_and_reloaded_it_scores_the_same_in_Transform_and_PredictionEngine()
    {
        var mlContext = new MLContext(seed: 1);
        var (data, labels, classifier) = Fit(mlContext);
        var scored = labels.Append(classifier);
        var model = scored.Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored.Transform(data)));
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = mlContext.Model.Load(stream, out _);

        var before = mlContext.Data.CreateEnumerable<ScoredCase>(model.Transform(data), reuseRowObject: false).ToList();
        var after = mlContext.Data.CreateEnumerable<ScoredCase>(loaded.Transform(data), reuseRowObject: false).ToList();
        var cases = mlContext.Data.CreateEnumerable<Case>(data, reuseRowObject: false).ToList();
        var engine = mlContext.Model.CreatePredictionEngine<Case, ScoredCase>(loaded);
        Assert.Equal(cases.Count, after.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            Assert.Equal(before[i].Score, after[i].Score);
            Assert.Equal(before[i].PredictedLabel, after[i].PredictedLabel);
        }
        for (int i = 0; i < cases.Count; i += 5)
        {
            var single = engine.Predict(new Case { Features = cases[i].Features, Label = cases[i].Label });
            for (int k = 0; k < single.Score.Length; k++)
                Assert.True(Math.Abs(single.Score[k] - before[i].Score[k]) < 1e-5, $"case {i} class {k}: {single.Score[k]} vs {before[i].Score[k]}");
        }
        // Nine classes, two epochs: the check above must not pass on a model that scores every case alike.
        Assert.True(before.Select(s => s.PredictedLabel).Distinct().Count() > 1, "every case got the same class");
    }

    [Fact]
    public void The_ONNX_export_scores_unequal_length_multivariate_cases_as_ML_NET_does()
    {
        var mlContext = new MLContext(seed: 1);
        var (data, _, classifier) = Fit(mlContext);
        var rows = data.GetColumn<float[]>("Features").Take(40).ToList();
        Assert.True(rows.Select(r => r.Length).Distinct().Count() > 3, "the rows should have several lengths");
        var scoring = mlContext.Data.LoadFromEnumerable(rows.Select(r => new CaseFeatures { Features = r }));
        Assert.False(((VectorDataViewType)scoring.Schema["Features"].Type).IsKnownSize, "the scoring rows should be of unknown size");
        var expected = classifier.Transform(scoring).GetColumn<float[]>("Score").ToList();

        using var onnx = new OnnxRuntimeScorer(OnnxExportTests.Export(mlContext, classifier, scoring), "Score");
        var actual = rows.Select(r => onnx.ScoreRow("Features", r)).ToList(); // one at a time: the graph takes one length per call
        for (int i = 0; i < rows.Count; i++)
            for (int k = 0; k < expected[i].Length; k++)
                Assert.True(Math.Abs(expected[i][k] - actual[i]["Score"][k]) < 1e-4, $"case {i} class {k}: ML.NET {expected[i][k]}, ONNX {actual[i]["Score"][k]}");
    }
}
