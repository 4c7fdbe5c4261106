using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Reliability;

/// <summary>Alone in the process (no other test allocates meanwhile), so that the working set measures only this.</summary>
[CollectionDefinition(nameof(MemoryLeakTests), DisableParallelization = true)]
public class MemoryLeakCollection { }

/// <summary>
/// Scoring does not leak: after a warm-up, 100,000 predictions and then 1,000 Transform passes leave the process's
/// working set within 50 MB of its level after the warm-up (managed and native memory alike: torch tensors are
/// native).
/// </summary>
[Collection(nameof(MemoryLeakTests))]
public class MemoryLeakTests(ITestOutputHelper output)
{
    private const long Allowance = 50L << 20;

    [Fact]
    public void Predictions_and_Transform_passes_hold_their_memory_level()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(TestData.Sentiment(200, seed: 3));
        var model = TestData.Tokens(mlContext).Append(mlContext.Transforms.Lstm(SmallOptions.Of(new LstmOptions(), epochs: 1))).Fit(data);
        var reviews = TestData.Sentiment(100, seed: 5);
        var scoring = mlContext.Data.LoadFromEnumerable(reviews);
        using var engine = mlContext.Model.CreatePredictionEngine<Review, ScoredReview>(model);
        var scored = new ScoredReview();
        void Predict(int count) { for (int i = 0; i < count; i++) engine.Predict(reviews[i % reviews.Count], ref scored); }
        void TransformPasses(int count) { for (int i = 0; i < count; i++) ReadAll(model.Transform(scoring)); }

        Predict(5_000);
        TransformPasses(50);
        long warm = SettledWorkingSet();
        Predict(100_000);
        long afterPredictions = SettledWorkingSet();
        TransformPasses(1_000);
        long afterTransforms = SettledWorkingSet();

        output.WriteLine($"working set: after warm-up {warm >> 20} MB, after 100,000 predictions {afterPredictions >> 20} MB, after 1,000 Transform passes {afterTransforms >> 20} MB");
        Assert.True(afterPredictions - warm <= Allowance, $"100,000 predictions grew the working set from {warm >> 20} MB to {afterPredictions >> 20} MB.");
        Assert.True(afterTransforms - warm <= Allowance, $"1,000 Transform passes grew the working set from {warm >> 20} MB to {afterTransforms >> 20} MB.");
    }

    private static void ReadAll(IDataView scored)
    {
        var column = scored.Schema["Features"];
        using var cursor = scored.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext()) getter(ref value);
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
