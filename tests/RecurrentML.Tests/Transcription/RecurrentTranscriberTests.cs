using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests.Transcription;

/// <summary>
/// The transcriber end to end on synthetic "speech": each symbol of a, b, c is a few noisy frames of its own pattern,
/// with silent frames of random length between and around symbols, and nothing says which frames hold which symbol.
/// The network must learn the alignment from whole transcripts (CTC), keep a doubled letter doubled, transcribe rows it
/// never saw, give the same transcripts after save/load and from a PredictionEngine, and name bad input.
/// </summary>
public class RecurrentTranscriberTests : IClassFixture<RecurrentTranscriberTests.Trained>
{
    private const int Features = 4;
    private readonly Trained _trained;

    public RecurrentTranscriberTests(Trained trained) => _trained = trained;

    public sealed class Utterance
    {
        [VectorType]
        public float[] Features { get; set; }
        public string Label { get; set; }
    }

    private sealed class Transcribed
    {
        public string Transcript { get; set; }
    }

    /// <summary>A model trained once for the class's tests (seed 1, 400 rows).</summary>
    public sealed class Trained : IDisposable
    {
        public Trained()
        {
            MLContext = new MLContext(seed: 1);
            var options = Options();
            Model = MLContext.Transforms.RecurrentTranscriber(options).Fit(MLContext.Data.LoadFromEnumerable(Utterances(400, seed: 1)));
        }

        public MLContext MLContext { get; }
        public RecurrentTranscriberTransformer Model { get; }

        public void Dispose() => Model.Dispose();
    }

    private static RecurrentTranscriberOptions Options() => new()
    {
        FeaturesPerStep = Features, HiddenSize = 24, NumberOfLayers = 1, MaxEpochs = 25, BatchSize = 16, LearningRate = 1e-2, Dropout = 0, Seed = 1,
    };

    /// <summary>Rows of 2 to 4 symbols of "abc" (doubled letters included), each symbol 2 to 4 frames of its one-hot
    /// pattern plus noise, silence (the fourth feature on) for 0 to 3 frames between symbols and 1 to 3 around them.</summary>
    public static List<Utterance> Utterances(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Utterance>();
        for (int u = 0; u < count; u++)
        {
            var label = new string(Enumerable.Range(0, random.Next(2, 5)).Select(_ => (char)('a' + random.Next(3))).ToArray());
            var frames = new List<float>();
            void Frame(int hot)
            {
                for (int f = 0; f < Features; f++) frames.Add((f == hot ? 1f : 0f) + (float)(random.NextDouble() - 0.5) * 0.6f);
            }
            for (int i = random.Next(1, 4); i > 0; i--) Frame(3);
            for (int s = 0; s < label.Length; s++)
            {
                if (s > 0) for (int i = random.Next(label[s] == label[s - 1] ? 1 : 0, 4); i > 0; i--) Frame(3);
                for (int i = random.Next(2, 5); i > 0; i--) Frame(label[s] - 'a');
            }
            for (int i = random.Next(1, 4); i > 0; i--) Frame(3);
            rows.Add(new Utterance { Features = frames.ToArray(), Label = label });
        }
        return rows;
    }

    private static double ErrorRate(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        double errors = 0;
        for (int i = 0; i < expected.Count; i++) errors += Targets.EditDistance.Between(expected[i].ToCharArray(), actual[i].ToCharArray());
        return errors / expected.Sum(e => e.Length);
    }

    private string[] Transcripts(ITransformer model, IEnumerable<Utterance> rows) =>
        model.Transform(_trained.MLContext.Data.LoadFromEnumerable(rows)).GetColumn<string>("Transcript").ToArray();

    [Fact]
    public void It_transcribes_rows_it_never_saw_from_unaligned_training_transcripts()
    {
        var test = Utterances(100, seed: 2);
        var transcripts = Transcripts(_trained.Model, test);
        double errorRate = ErrorRate(test.Select(t => t.Label).ToList(), transcripts);
        Assert.True(errorRate < 0.05, $"symbol error rate {errorRate:P1}");
        // Doubled letters survive: CTC needs the blank between them, and the network learned to put it there.
        var doubled = test.Select((t, i) => (t.Label, Transcript: transcripts[i])).Where(p => Enumerable.Range(1, p.Label.Length - 1).Any(i => p.Label[i] == p.Label[i - 1])).ToList();
        Assert.True(doubled.Count >= 10, $"only {doubled.Count} rows with a doubled letter");
        Assert.True(doubled.Count(p => p.Label == p.Transcript) >= doubled.Count * 0.8, string.Join(", ", doubled.Select(p => $"{p.Label}→{p.Transcript}")));
        Assert.Equal(["a", "b", "c"], _trained.Model.Symbols);
        Assert.Equal(Features, _trained.Model.FeaturesPerStep);
        Assert.NotEmpty(_trained.Model.TrainingHistory);
        Assert.Equal("symbol error rate", _trained.Model.TrainingHistory[0].MetricName);
    }

    [Fact]
    public void Each_step_gives_a_distribution_over_the_blank_and_the_symbols()
    {
        var row = Utterances(1, seed: 3)[0];
        var logProbabilities = _trained.Model.StepLogProbabilities(row.Features);
        int steps = row.Features.Length / Features, classes = 4;
        Assert.Equal(steps * classes, logProbabilities.Length);
        for (int t = 0; t < steps; t++)
            Assert.Equal(1.0, logProbabilities.Skip(t * classes).Take(classes).Sum(v => Math.Exp(v)), 4);
    }

    [Fact]
    public void A_saved_model_loads_and_transcribes_the_same_and_a_prediction_engine_agrees()
    {
        var mlContext = _trained.MLContext;
        var test = Utterances(30, seed: 4);
        var expected = Transcripts(_trained.Model, test);
        using var stream = new MemoryStream();
        mlContext.Model.Save(_trained.Model, mlContext.Data.LoadFromEnumerable(test).Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _);
        Assert.Equal(expected, Transcripts(loaded, test));
        var transcriber = Assert.IsType<RecurrentTranscriberTransformer>(loaded);
        // Within float rounding, not to the bit: torch's thread count is process-wide, and a training in another test
        // can change how a sum is split between the two calls.
        var before = _trained.Model.StepLogProbabilities(test[0].Features);
        var after = transcriber.StepLogProbabilities(test[0].Features);
        Assert.Equal(before.Length, after.Length);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 1e-4);
        Assert.Equal(_trained.Model.TrainingHistory, transcriber.TrainingHistory);

        var engine = mlContext.Model.CreatePredictionEngine<Utterance, Transcribed>(loaded);
        Assert.Equal(expected, test.Select(t => engine.Predict(t).Transcript));
    }

    [Fact]
    public void The_ONNX_graph_gives_the_per_step_outputs_and_decoding_them_gives_the_transcripts()
    {
        var rows = Utterances(40, seed: 6);
        using var stream = new MemoryStream();
        RecurrentOnnx.Export(_trained.MLContext, _trained.Model, stream);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(stream.ToArray());
        var expected = Transcripts(_trained.Model, rows);
        int classes = _trained.Model.Symbols.Count + 1;
        for (int r = 0; r < rows.Count; r++)
        {
            var steps = rows[r].Features;
            var feed = Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("Features", new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(steps, [1, steps.Length]));
            using var results = session.Run([feed]);
            var onnx = results.Single(v => v.Name.StartsWith("Transcript.StepLogProbabilities")).AsTensor<float>().ToArray();
            var torch = _trained.Model.StepLogProbabilities(steps);
            Assert.Equal(torch.Length, onnx.Length);
            Assert.Equal(steps.Length / Features * classes, onnx.Length);
            for (int i = 0; i < torch.Length; i++) Assert.Equal(torch[i], onnx[i], 1e-4);
            Assert.Equal(expected[r], _trained.Model.Decode(onnx));
        }
    }

    [Fact]
    public void A_row_of_no_steps_gets_an_empty_transcript()
    {
        var rows = new[] { new Utterance { Features = [], Label = "" } };
        Assert.Equal([""], Transcripts(_trained.Model, rows));
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var mlContext = new MLContext(seed: 1);
        var good = Utterances(5, seed: 5);

        var ragged = new[] { good[0], new Utterance { Features = [1, 2, 3], Label = "" } };
        var error = Assert.Throws<InvalidDataException>(() => Transcripts(_trained.Model, ragged));
        Assert.Contains("Column 'Features', row 1: 3 values is not a whole number of steps of 4", error.Message);

        var nan = new[] { new Utterance { Features = [0, 0, float.NaN, 0], Label = "" } };
        error = Assert.Throws<InvalidDataException>(() => Transcripts(_trained.Model, nan));
        Assert.Contains("Column 'Features', row 0: value 2 (step 0, feature 2) is NaN", error.Message);

        var tooShort = good.Append(new Utterance { Features = new float[2 * Features], Label = "aab" }).ToList();
        error = Assert.Throws<InvalidDataException>(() => mlContext.Transforms.RecurrentTranscriber(Options()).Fit(mlContext.Data.LoadFromEnumerable(tooShort)));
        Assert.Contains("Row 5: 'aab' needs at least 4 steps", error.Message);

        var unlabelled = good.Append(new Utterance { Features = new float[Features], Label = "" }).ToList();
        error = Assert.Throws<InvalidDataException>(() => mlContext.Transforms.RecurrentTranscriber(Options()).Fit(mlContext.Data.LoadFromEnumerable(unlabelled)));
        Assert.Contains("Column 'Label', row 5: the transcript is empty", error.Message);

        var wrongLabel = mlContext.Data.LoadFromEnumerable(good.Select(g => new { g.Features, Label = 1f }).Select(x => new NumericLabel { Features = x.Features, Label = x.Label }));
        var typeError = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.RecurrentTranscriber(Options()).Fit(wrongLabel));
        Assert.Contains("Label column 'Label' has type Single; expected String", typeError.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.RecurrentTranscriber(new RecurrentTranscriberOptions()));
    }

    private sealed class NumericLabel
    {
        [VectorType]
        public float[] Features { get; set; }
        public float Label { get; set; }
    }
}
