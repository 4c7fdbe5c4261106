using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// Exported pipelines (encoder + logistic regression) scored by ONNX Runtime agree with ML.NET's Transform on every
/// output column, for each cell, architecture, pooling and input kind, on rows that exercise every reading rule.
/// </summary>
public class OnnxExportTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<RecurrentCell, int, SequencePooling, bool> Matrix()
    {
        var data = new TheoryData<RecurrentCell, int, SequencePooling, bool>();
        foreach (var cell in new[] { RecurrentCell.Lstm, RecurrentCell.Gru, RecurrentCell.Rnn })
        foreach (int layers in new[] { 1, 2 })
        foreach (var pooling in new[] { SequencePooling.Last, SequencePooling.Mean, SequencePooling.Max, SequencePooling.Attention })
        foreach (bool keys in new[] { true, false })
            data.Add(cell, layers, pooling, keys);
        return data;
    }

    /// <summary>One layer runs forwards only; two layers are bidirectional. The truncation side alternates over the
    /// matrix so that both sides meet every cell and input kind.</summary>
    [Theory]
    [MemberData(nameof(Matrix))]
    public void ONNX_Runtime_agrees_with_MLNET(RecurrentCell cell, int layers, SequencePooling pooling, bool keys)
    {
        var truncation = ((int)pooling + (keys ? 1 : 0)) % 2 == 0 ? TruncationSide.Start : TruncationSide.End;
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, cell, keys, o =>
        {
            o.NumberOfLayers = layers;
            o.Bidirectional = layers == 2;
            o.Pooling = pooling;
            o.Truncation = truncation;
        });

        if (keys) AssertAgreement(mlContext, model, OnnxTestData.KeyRows(), OnnxTestData.KeyScoring);
        else AssertAgreement(mlContext, model, OnnxTestData.FloatRows(), OnnxTestData.FloatScoring);
    }

    /// <summary>The attention weights column, too: one weight per step read, as ML.NET computes them.</summary>
    [Theory]
    [InlineData(RecurrentCell.Lstm, 1, true)]
    [InlineData(RecurrentCell.Gru, 2, false)]
    [InlineData(RecurrentCell.Rnn, 2, true)]
    public void ONNX_Runtime_agrees_with_MLNET_on_attention_weights(RecurrentCell cell, int layers, bool keys)
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, cell, keys, o =>
        {
            o.NumberOfLayers = layers;
            o.Bidirectional = layers == 2;
            o.Pooling = SequencePooling.Attention;
            o.AttentionWeightsColumnName = "AttentionWeights";
        });
        var scoring = keys ? OnnxTestData.KeyScoring(mlContext, OnnxTestData.KeyRows()) : OnnxTestData.FloatScoring(mlContext, OnnxTestData.FloatRows());
        var expected = mlContext.Data.CreateEnumerable<AttendedSequence>(model.Transform(scoring), reuseRowObject: false).ToList();
        using var onnx = new OnnxRuntimeScorer(Export(mlContext, model, scoring), "AttentionWeights");
        int rows = keys ? OnnxTestData.KeyRows().Length : OnnxTestData.FloatRows().Length;
        for (int i = 0; i < rows; i++)
        {
            var actual = keys ? onnx.ScoreRow("Tokens", OnnxTestData.KeyRows()[i]) : onnx.ScoreRow("Tokens", OnnxTestData.FloatRows()[i]);
            Assert.Equal(expected[i].AttentionWeights.Length, actual["AttentionWeights"].Length);
            for (int t = 0; t < expected[i].AttentionWeights.Length; t++)
                Assert.True(Math.Abs(expected[i].AttentionWeights[t] - actual["AttentionWeights"][t]) <= Tolerance,
                    $"row {i} step {t}: ML.NET {expected[i].AttentionWeights[t]}, ONNX {actual["AttentionWeights"][t]}");
        }
    }

    public sealed class AttendedSequence
    {
        public float[] AttentionWeights { get; set; }
    }

    /// <summary>The score column, too: the training head's logit, as ML.NET computes it.</summary>
    [Theory]
    [InlineData(RecurrentCell.Lstm, true)]
    [InlineData(RecurrentCell.Gru, false)]
    public void ONNX_Runtime_agrees_with_MLNET_on_the_score_column(RecurrentCell cell, bool keys)
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, cell, keys, o => o.ScoreColumnName = "EncoderScore");
        var scoring = keys ? OnnxTestData.KeyScoring(mlContext, OnnxTestData.KeyRows()) : OnnxTestData.FloatScoring(mlContext, OnnxTestData.FloatRows());
        var expected = model.Transform(scoring).GetColumn<float[]>("EncoderScore").ToList();
        using var onnx = new OnnxRuntimeScorer(Export(mlContext, model, scoring), "EncoderScore");
        for (int i = 0; i < expected.Count; i++)
        {
            var actual = keys ? onnx.ScoreRow("Tokens", OnnxTestData.KeyRows()[i]) : onnx.ScoreRow("Tokens", OnnxTestData.FloatRows()[i]);
            Assert.Single(actual["EncoderScore"]);
            Assert.True(Math.Abs(expected[i][0] - actual["EncoderScore"][0]) <= Tolerance, $"row {i}: ML.NET {expected[i][0]}, ONNX {actual["EncoderScore"][0]}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_ReLU_RNN_agrees_with_MLNET(bool keys)
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, RecurrentCell.Rnn, keys, o => ((RnnOptions)o).Nonlinearity = RnnNonlinearity.Relu);
        if (keys) AssertAgreement(mlContext, model, OnnxTestData.KeyRows(), OnnxTestData.KeyScoring);
        else AssertAgreement(mlContext, model, OnnxTestData.FloatRows(), OnnxTestData.FloatScoring);
    }

    [Theory]
    [InlineData(RecurrentCell.Lstm, true)]
    [InlineData(RecurrentCell.Gru, false)]
    public void A_model_exported_after_Save_and_Load_gives_identical_ONNX_bytes(RecurrentCell cell, bool keys)
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, cell, keys, o => { o.NumberOfLayers = 2; o.Bidirectional = true; o.Pooling = SequencePooling.Mean; });
        IDataView Scoring(MLContext context) => keys
            ? OnnxTestData.KeyScoring(context, OnnxTestData.KeyRows())
            : OnnxTestData.FloatScoring(context, OnnxTestData.FloatRows());
        var exported = Export(mlContext, model, Scoring(mlContext));

        using var zip = new MemoryStream();
        mlContext.Model.Save(model, Scoring(mlContext).Schema, zip);
        zip.Position = 0;
        var loadContext = new MLContext(seed: 2);
        var loaded = loadContext.Model.Load(zip, out _);
        Assert.Equal(exported, Export(loadContext, loaded, Scoring(loadContext)));
    }

    /// <summary>ONNX Runtime scores several rows in one call when they have the same length (ONNX has no
    /// variable-length rows: padding a shorter row would add steps to it).</summary>
    [Fact]
    public void Rows_of_equal_length_score_together_in_one_ONNX_Runtime_call()
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, RecurrentCell.Gru, keys: true, o => { o.NumberOfLayers = 2; o.Bidirectional = true; o.Pooling = SequencePooling.Max; });
        var random = new Random(8);
        var rows = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 4).Select(_ => (uint)random.Next(0, OnnxTestData.Vocabulary + 1)).ToArray()).ToArray();
        var scoring = OnnxTestData.KeyScoring(mlContext, rows);
        var expected = mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(scoring), reuseRowObject: false).ToList();
        using var onnx = new OnnxRuntimeScorer(Export(mlContext, model, scoring), OnnxTestData.OutputColumns);
        var actual = onnx.ScoreRows("Tokens", rows);
        for (int i = 0; i < rows.Length; i++) AssertRowAgrees(expected[i], actual[i], $"row {i} of the batch");
    }

    /// <summary>ML.NET refuses float steps holding NaN or infinity; a graph cannot raise an error, so the encoding is NaN.</summary>
    [Fact]
    public void Float_rows_MLNET_refuses_get_a_NaN_encoding_in_ONNX_Runtime()
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, RecurrentCell.Gru, keys: false, o => o.Truncation = TruncationSide.End);
        var random = new Random(3);
        float[] Valid(int steps) => Enumerable.Range(0, steps * OnnxTestData.FeaturesPerStep).Select(_ => (float)random.NextDouble()).ToArray();
        var withNaN = Valid(3);
        withNaN[1] = float.NaN;
        var withInfinity = Valid(2);
        withInfinity[2] = float.NegativeInfinity;
        // A NaN beyond MaxSequenceLength is cut off before it is read (Truncation End): ML.NET accepts the row.
        var nanCutOff = Valid(OnnxTestData.MaxSequenceLength + 1);
        nanCutOff[^1] = float.NaN;

        Assert.Throws<InvalidOperationException>(() =>
            mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(OnnxTestData.FloatScoring(mlContext, new[] { withNaN })), false).ToList());
        var scoring = OnnxTestData.FloatScoring(mlContext, new[] { nanCutOff });
        var expected = mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(scoring), reuseRowObject: false).Single();

        // The encoder alone returns NaN; in the whole pipeline, the logistic regression's graph refuses a NaN feature.
        var encoder = ((IEnumerable<ITransformer>)model).OfType<RecurrentEncoderTransformer>().Single();
        using var encoderOnly = new OnnxRuntimeScorer(Export(mlContext, encoder, scoring), "Features");
        Assert.All(encoderOnly.ScoreRow("Tokens", withNaN)["Features"], v => Assert.True(float.IsNaN(v)));
        Assert.All(encoderOnly.ScoreRow("Tokens", withInfinity)["Features"], v => Assert.True(float.IsNaN(v)));
        using var onnx = new OnnxRuntimeScorer(Export(mlContext, model, scoring), OnnxTestData.OutputColumns);
        Assert.Throws<OnnxRuntimeException>(() => onnx.ScoreRow("Tokens", withNaN));
        AssertRowAgrees(expected, onnx.ScoreRow("Tokens", nanCutOff), "NaN beyond the maximum length");
    }

    [Fact]
    public void Export_below_opset_11_fails_naming_the_encoder()
    {
        var mlContext = new MLContext(seed: 1);
        var model = Fit(mlContext, RecurrentCell.Lstm, keys: true);
        using var stream = new MemoryStream();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            mlContext.Model.ConvertToOnnx(model, OnnxTestData.KeyScoring(mlContext, OnnxTestData.KeyRows()), 10, stream));
        Assert.Contains("RecurrentML encoder 'Features'", error.Message);
        Assert.Contains("11", error.Message);
    }

    internal static ITransformer Fit(MLContext mlContext, RecurrentCell cell, bool keys, Action<RecurrentEncoderOptions> configure = null)
    {
        var encoder = EncoderPipelineTests.Encoder(mlContext, cell, o =>
        {
            o.HiddenSize = 4;
            o.EmbeddingSize = 3;
            o.FeaturesPerStep = OnnxTestData.FeaturesPerStep;
            o.MaxSequenceLength = OnnxTestData.MaxSequenceLength;
            o.MaxEpochs = 1;
            o.ValidationFraction = 0;
            configure?.Invoke(o);
        });
        var training = keys ? OnnxTestData.KeyTraining(mlContext, 48, seed: 1) : OnnxTestData.FloatTraining(mlContext, 48, seed: 1);
        return encoder.Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(training);
    }

    internal static byte[] Export(MLContext mlContext, ITransformer model, IDataView scoring)
    {
        using var stream = new MemoryStream();
        RecurrentOnnx.Export(mlContext, model, scoring, stream);
        return stream.ToArray();
    }

    /// <summary>Scores each row alone in ONNX Runtime (rows differ in length) and compares every output column.</summary>
    internal static void AssertAgreement<T>(MLContext mlContext, ITransformer model, T[][] rows, Func<MLContext, IEnumerable<T[]>, IDataView> load)
    {
        var scoring = load(mlContext, rows);
        var expected = mlContext.Data.CreateEnumerable<ScoredSequence>(model.Transform(scoring), reuseRowObject: false).ToList();
        using var onnx = new OnnxRuntimeScorer(Export(mlContext, model, scoring), OnnxTestData.OutputColumns);
        // The encoder is inside the graph: its input column is the graph's only input.
        Assert.Equal(new[] { "Tokens" }, onnx.InputNames);
        for (int i = 0; i < rows.Length; i++)
            AssertRowAgrees(expected[i], onnx.ScoreRow("Tokens", rows[i]), $"row {i} ({rows[i].Length} values)");
    }

    internal static void AssertRowAgrees(ScoredSequence expected, Dictionary<string, float[]> actual, string row)
    {
        Assert.Equal(expected.Features.Length, actual["Features"].Length);
        for (int j = 0; j < expected.Features.Length; j++)
            Assert.True(Math.Abs(expected.Features[j] - actual["Features"][j]) <= Tolerance,
                $"{row}: encoding[{j}] ML.NET {expected.Features[j]}, ONNX {actual["Features"][j]}");
        Assert.True(Math.Abs(expected.Score - actual["Score"][0]) <= Tolerance, $"{row}: Score ML.NET {expected.Score}, ONNX {actual["Score"][0]}");
        Assert.True(Math.Abs(expected.Probability - actual["Probability"][0]) <= Tolerance,
            $"{row}: Probability ML.NET {expected.Probability}, ONNX {actual["Probability"][0]}");
        Assert.Equal(expected.PredictedLabel ? 1f : 0f, actual["PredictedLabel"][0]);
    }
}
