using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Alone in the process: torch's thread count is process-wide and a training elsewhere sets its own, and a
/// sum split over another number of threads can differ in the last bit, which these bitwise comparisons would see (a
/// run failed so by one ulp).</summary>
[CollectionDefinition(nameof(ModelPersistenceTests), DisableParallelization = true)]
public class ModelPersistenceCollection { }

[Collection(nameof(ModelPersistenceTests))]
public class ModelPersistenceTests
{
    private static readonly List<Review> Rows = TestData.Sentiment(60, seed: 9)
        .Append(new Review { Text = "" })
        .Append(new Review { Text = "entirely unseen words" })
        .Append(new Review { Text = string.Join(' ', Enumerable.Repeat("good w1", 200)) })
        .ToList();

    [Theory]
    [InlineData(RecurrentCell.Lstm, false, 1, SequencePooling.Last)]
    [InlineData(RecurrentCell.Gru, true, 2, SequencePooling.Mean)]
    [InlineData(RecurrentCell.Rnn, true, 1, SequencePooling.Max)]
    public void A_model_saved_and_loaded_in_a_fresh_MLContext_predicts_the_same(RecurrentCell cell, bool bidirectional, int layers, SequencePooling pooling)
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, cell, o => { o.Bidirectional = bidirectional; o.NumberOfLayers = layers; o.Pooling = pooling; o.MaxEpochs = 2; });
        var train = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(1, 1));
        var before = Scores(mlContext, model);

        using var stream = new MemoryStream();
        mlContext.Model.Save(model, train.Schema, stream);
        stream.Position = 0;
        var reloadContext = new MLContext(seed: 99);
        var loaded = reloadContext.Model.Load(stream, out var schema);
        Assert.Equal(before, Scores(reloadContext, loaded));

        var encoder = ((TransformerChain<ITransformer>)loaded).OfType<RecurrentEncoderTransformer>().Single();
        Assert.Equal((cell, bidirectional, layers, pooling), (encoder.Cell, encoder.Bidirectional, encoder.NumberOfLayers, encoder.Pooling));
        Assert.Equal(2, encoder.TrainingHistory.Count);

        // A loaded model saves and loads again.
        using var again = new MemoryStream();
        reloadContext.Model.Save(loaded, schema, again);
        again.Position = 0;
        var thirdContext = new MLContext();
        Assert.Equal(before, Scores(thirdContext, thirdContext.Model.Load(again, out _)));
    }

    [Fact]
    public void A_model_saved_here_loads_in_a_child_process_that_never_names_RecurrentML()
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Lstm, o => o.Bidirectional = true);
        var (expected, actual) = ScoreHereAndInChild(mlContext, model, new Dictionary<string, string>());
        // Within float rounding, not to the bit: each process times the right LSTM kernels itself and may choose
        // another one (docs/platform-notes.md); the kernels agree within 1e-5 of the equations.
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            for (int j = 0; j < expected[i].Length; j++) Assert.Equal(expected[i][j], actual[i][j], 1e-5f);
    }

    /// <summary>
    /// A model scores the same on another CPU. The child process holds libtorch's oneDNN to AVX2 code, as on a CPU
    /// without AVX-512; on an AVX-512 CPU this process runs AVX-512 code, where oneDNN's LSTM inference kernel is
    /// wrong for the test's hidden size 16 (its kernel guard then picks ATen's generic kernel). Without the guard the
    /// two would differ by more than 0.1 there; on an AVX2 CPU both processes run the same code.
    /// </summary>
    [Fact]
    public void A_model_scores_the_same_where_oneDNN_runs_other_CPU_code()
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Lstm, o => o.NumberOfLayers = 2);
        var (expected, actual) = ScoreHereAndInChild(mlContext, model, new Dictionary<string, string> { ["ONEDNN_MAX_CPU_ISA"] = "AVX2" });
        for (int i = 0; i < expected.Count; i++)
            for (int j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) < 1e-5, $"row {i} value {j}: here {expected[i][j]:R}, child {actual[i][j]:R}");
    }

    /// <summary>Each row's Score and encoding, scored here and by a child process that loads the saved model.</summary>
    private static (List<float[]> Here, List<float[]> Child) ScoreHereAndInChild(MLContext mlContext, ITransformer model, Dictionary<string, string> childEnvironment)
    {
        string folder = Directory.CreateTempSubdirectory("recurrentml-").FullName;
        try
        {
            string zip = Path.Combine(folder, "model.zip"), texts = Path.Combine(folder, "texts.txt");
            mlContext.Model.Save(model, mlContext.Data.LoadFromEnumerable(Rows).Schema, zip);
            File.WriteAllLines(texts, Rows.Select(r => r.Text));
            var expected = mlContext.Data.CreateEnumerable<ScoredReview>(model.Transform(mlContext.Data.LoadFromEnumerable(Rows)), false)
                .Select(r => new[] { r.Score }.Concat(r.Features).ToArray()).ToList();

            string output = RunChild(Path.Combine(AppContext.BaseDirectory, "RecurrentML.ModelLoadCheck.dll"), childEnvironment, zip, texts);
            var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.All(actual, row => Assert.Equal(expected[0].Length, row.Length));
            return (expected, actual);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Loading_a_model_written_in_another_format_version_fails_naming_the_version_refused_and_the_versions_read()
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Rnn, o => o.MaxEpochs = 1);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, mlContext.Data.LoadFromEnumerable(Rows).Schema, stream);
        string reads = $"RecurrentML {typeof(RecurrentEncoderTransformer).Assembly.GetName().Version} reads format versions 0x00010001 to 0x00010006";

        string Message(uint written, uint readable) => Innermost(Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(
            new MemoryStream(RewriteEncoderEntry(stream.ToArray(), entry => SetVersion(entry, written, readable))), out _))).Message;

        Assert.Equal("The model's recurrent encoder was saved in format version 0x00020001 by a newer RecurrentML and needs a reader of format " +
            $"version 0x00020001 or later; {reads}. Update RecurrentML to load it.", Message(0x00020001, 0x00020001));
        Assert.Equal("The model's recurrent encoder was saved in format version 0x00000001 by an older RecurrentML; " +
            $"{reads}. Fit the pipeline again to save it in the current format.", Message(0x00000001, 0x00000001));
        // A writer never asks for a reader of a later format than its own: the header is damaged.
        Assert.Equal("The model's recurrent encoder entry has a damaged header: it says it was written in format version 0x00010006 but needs a " +
            "reader of format version 0x00020001, a later one; the file was altered after it was saved.", Message(0x00010006, 0x00020001));
        // A version lowered to one this build reads: the older layout's reader meets the checksummed frame's marker.
        Assert.Equal("The recurrent encoder's model entry is damaged: its header gives format version 0x00010004, but its bytes are a checksummed " +
            "frame of a later format; the version in the header was altered after the file was saved.", Message(0x00010004, 0x00010001));
        Assert.Equal("The recurrent encoder's model entry is damaged: its header gives format version 0x00010005, but its bytes are a checksummed " +
            "frame of a later format; the version in the header was altered after the file was saved.", Message(0x00010005, 0x00010001));
        // A version raised, or a readable version changed, within what this build reads: the checksum covers both.
        Assert.StartsWith("The recurrent encoder's model entry is damaged: its checksum 0x", Message(0x00010007, 0x00010006));
        Assert.StartsWith("The recurrent encoder's model entry is damaged: its checksum 0x", Message(0x00010006, 0x00010002));
    }

    [Fact]
    public void Loading_a_zip_whose_encoder_entry_is_cut_short_fails()
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Gru, o => o.MaxEpochs = 1);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, mlContext.Data.LoadFromEnumerable(Rows).Schema, stream);
        var truncated = RewriteEncoderEntry(stream.ToArray(), entry => entry[..(entry.Length - 4000)]);
        // ML.NET's header check sees the entry end before its declared tail, before RecurrentML reads anything;
        // EncoderModelFormatTests covers the checks of RecurrentML's own part of the entry.
        var error = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(new MemoryStream(truncated), out _));
        Assert.IsType<FormatException>(Innermost(error));
    }

    private static float[] Scores(MLContext mlContext, ITransformer model) =>
        mlContext.Data.CreateEnumerable<ScoredReview>(model.Transform(mlContext.Data.LoadFromEnumerable(Rows)), false)
            .SelectMany(r => r.Features.Append(r.Score)).ToArray();

    /// <summary>Applies <paramref name="change"/> to the Model.key entry that holds the recurrent encoder.</summary>
    private static byte[] RewriteEncoderEntry(byte[] zip, Func<byte[], byte[]> change)
    {
        var model = new ModelZip(zip);
        string entry = model.EntryWithSignature("RNNENCDR");
        return model.With(entry, change(model[entry]));
    }

    /// <summary>ML.NET's model header keeps the component's written and readable versions at bytes 72 and 76.</summary>
    private static byte[] SetVersion(byte[] entry, uint written, uint readable)
    {
        BitConverter.GetBytes(written).CopyTo(entry, 72);
        BitConverter.GetBytes(readable).CopyTo(entry, 76);
        return entry;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException) yield return e;
    }

    private static Exception Innermost(Exception error) => Chain(error).Last();

    private static string RunChild(string assembly, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(assembly);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the child process did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, $"child exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
