using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Persistence;

/// <summary>
/// Damaged copies of a saved encoder's Model.key entry (truncated, single bits flipped, runs of 0x00 or 0xFF written
/// over it, 32-bit fields set to 0, -1 and int.MaxValue), each loaded from a zip and, if it loads, scored. Every copy
/// must either fail with a clear managed error (an <see cref="InvalidDataException"/> or <see cref="FormatException"/>,
/// alone or inside ML.NET's wrapper) or score finite values, within a few seconds and without the memory blowing up.
/// Two kinds of error come from checks that are not RecurrentML's, where the entry holds a name: .NET's
/// <see cref="FileLoadException"/>, <see cref="FileNotFoundException"/> or <see cref="CultureNotFoundException"/> for a
/// damaged loader assembly name in ML.NET's header, and, in entries without a checksum, the schema error for a
/// damaged column name (a valid name that no column has).
/// With a checksum (format 0x00010005 on) no damage to the bytes the encoder wrote may load at all. The default run
/// tries a few hundred copies; RECURRENTML_FUZZ_FULL=1 tries a few thousand.
/// </summary>
public class DamagedModelFuzzTests
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("RECURRENTML_FUZZ_FULL") == "1";
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(5);
    private const long ManagedGrowthLimit = 256L << 20, WorkingSetGrowthLimit = 1L << 30;

    private static readonly List<Review> Rows = TestData.Sentiment(3, seed: 5)
        .Append(new Review { Text = "" }).Append(new Review { Text = "entirely unseen words" }).ToList();

    private readonly ITestOutputHelper _output;

    public DamagedModelFuzzTests(ITestOutputHelper output) => _output = output;

    /// <param name="InWeights">Whether the damage changes a byte of a weight's values.</param>
    /// <param name="InRecurrentBytes">Whether it changes a byte the encoder wrote (its string ids, model, strings).</param>
    /// <param name="InMlNetParts">Whether it changes a byte of ML.NET's header, assembly name or tail.</param>
    /// <param name="InColumnNames">Whether it changes a byte of a column name or of its string id.</param>
    /// <param name="MakesWeightNonFinite">Whether a weight value it changes becomes NaN or infinite.</param>
    private sealed record Variant(string Kind, string Description, byte[] Entry, bool InWeights, bool InRecurrentBytes, bool InMlNetParts,
        bool InColumnNames, bool MakesWeightNonFinite);

    /// <param name="Error">What loading or scoring threw, or null if the copy loaded and scored.</param>
    /// <param name="Finite">Whether every score and encoding was finite (false when it threw).</param>
    private sealed record Outcome(Variant Variant, Exception Error, bool Finite, TimeSpan Time);

    [Fact]
    public async Task No_damaged_copy_of_a_checksummed_entry_loads_and_each_fails_with_a_clear_error()
    {
        var mlContext = new MLContext(seed: 1);
        var model = EncoderPipelineTests.FitSentiment(mlContext, RecurrentCell.Lstm, o => { o.HiddenSize = 4; o.EmbeddingSize = 4; o.MaxEpochs = 1; });
        string folder = Directory.CreateTempSubdirectory("recurrentml-fuzz-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.zip");
            mlContext.Model.Save(model, mlContext.Data.LoadFromEnumerable(Rows).Schema, path);
            var outcomes = await Fuzz(File.ReadAllBytes(path), checksummed: true);
            var weightFlips = outcomes.Where(o => o.Variant.InWeights && o.Variant.Kind == "bit flip").ToList();
            Assert.NotEmpty(weightFlips);
            Assert.All(weightFlips, o => Assert.StartsWith("The recurrent encoder's model entry is damaged: its checksum 0x",
                o.Error?.GetBaseException().Message ?? $"{o.Variant.Description} loaded and scored"));
            // Outside the encoder's bytes only ML.NET's header and tail remain, which ML.NET checks as it sees fit.
            Assert.All(outcomes.Where(o => o.Variant.InRecurrentBytes || o.Variant.Kind == "truncation"),
                o => Assert.True(o.Error != null, $"{o.Variant.Description} loaded and scored"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_copy_of_an_entry_without_a_checksum_fails_with_a_clear_error_or_scores_finite_values()
    {
        // Entries before 0x00010005 have no checksum: a flipped weight bit that leaves a finite number loads, but a
        // NaN or infinity must not.
        var outcomes = await Fuzz(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "00010004", "lstm-last-text.zip")), checksummed: false);
        Assert.All(outcomes.Where(o => o.Variant.MakesWeightNonFinite || o.Variant.Kind == "truncation"),
            o => Assert.True(o.Error != null, $"{o.Variant.Description} loaded and scored"));
        Assert.Contains(outcomes, o => o.Variant.MakesWeightNonFinite);
    }

    private async Task<List<Outcome>> Fuzz(byte[] zipBytes, bool checksummed)
    {
        var zip = new ModelZip(zipBytes);
        string name = zip.EntryWithSignature("RNNENCDR");
        var entry = zip[name];
        var layout = EncoderEntryLayout.Of(entry, checksummed);
        var variants = Variants(entry, layout);

        long managedBefore = GC.GetTotalMemory(forceFullCollection: true), workingSetBefore = Environment.WorkingSet;
        long managedPeak = managedBefore, workingSetPeak = workingSetBefore;
        var outcomes = new List<Outcome>();
        var problems = new List<string>();
        var total = Stopwatch.StartNew();
        foreach (var variant in variants)
        {
            var clock = Stopwatch.StartNew();
            var attempt = Task.Run(() => Attempt(zip, name, variant.Entry));
            if (await Task.WhenAny(attempt, Task.Delay(Hang)) != attempt) Assert.Fail($"{variant.Description} took over {Hang.TotalSeconds} s");
            var (error, finite) = await attempt;
            outcomes.Add(new Outcome(variant, error, finite, clock.Elapsed));
            managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(forceFullCollection: false));
            workingSetPeak = Math.Max(workingSetPeak, Environment.WorkingSet);

            if (Problem(variant, error, finite, checksummed) is { } problem) problems.Add(problem);
        }
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);

        var errors = outcomes.Where(o => o.Error != null).ToList();
        _output.WriteLine($"{(Full ? "full" : "reduced")} run, {(checksummed ? "checksummed" : "no checksum")}: {outcomes.Count} variants " +
            $"({string.Join(", ", outcomes.GroupBy(o => o.Variant.Kind).Select(g => $"{g.Count()} {g.Key}"))}), {errors.Count} errors, " +
            $"{outcomes.Count - errors.Count} loaded and scored finite values, in {total.Elapsed.TotalSeconds:F1} s " +
            $"(slowest {outcomes.Max(o => o.Time).TotalMilliseconds:F0} ms); weight bit flips {outcomes.Count(o => o.Variant.InWeights && o.Variant.Kind == "bit flip")}, " +
            $"of which errors {outcomes.Count(o => o.Variant.InWeights && o.Variant.Kind == "bit flip" && o.Error != null)}; " +
            $"managed memory +{(managedPeak - managedBefore) >> 20} MB at peak, +{(managedAfter - managedBefore) >> 20} MB after; working set +{(workingSetPeak - workingSetBefore) >> 20} MB at peak");
        foreach (var group in errors.GroupBy(o => Reported(o.Error)).OrderByDescending(g => g.Count()))
            _output.WriteLine($"  {group.Count(),5}  {group.Key}");

        Assert.True(problems.Count == 0, $"{problems.Count} variants failed unclearly or scored non-finite values:\n{string.Join("\n", problems.Take(20))}");
        Assert.True(managedPeak - managedBefore < ManagedGrowthLimit, $"managed memory grew by {(managedPeak - managedBefore) >> 20} MB");
        Assert.True(managedAfter - managedBefore < ManagedGrowthLimit / 4, $"managed memory kept {(managedAfter - managedBefore) >> 20} MB");
        Assert.True(workingSetPeak - workingSetBefore < WorkingSetGrowthLimit, $"the working set grew by {(workingSetPeak - workingSetBefore) >> 20} MB");
        return outcomes;
    }

    /// <summary>Loads the zip with <paramref name="entry"/> as the encoder's entry and scores <see cref="Rows"/>.</summary>
    private static (Exception Error, bool Finite) Attempt(ModelZip zip, string name, byte[] entry)
    {
        var mlContext = new MLContext(seed: 1);
        try
        {
            var model = mlContext.Model.Load(new MemoryStream(zip.With(name, entry)), out _);
            try
            {
                var scored = mlContext.Data.CreateEnumerable<ScoredReview>(model.Transform(mlContext.Data.LoadFromEnumerable(Rows)), reuseRowObject: false).ToList();
                return (null, scored.All(r => float.IsFinite(r.Score) && r.Features.All(float.IsFinite)));
            }
            finally
            {
                (model as IDisposable)?.Dispose();
            }
        }
        catch (Exception e)
        {
            return (e, false);
        }
    }

    /// <summary>What is wrong with a variant's outcome, or null: it loaded and scored finite values, or failed with a
    /// clear error.</summary>
    private static string Problem(Variant variant, Exception error, bool finite, bool checksummed)
    {
        if (error == null) return finite ? null : $"{variant.Description} loaded and scored non-finite values";
        var chain = Chain(error).ToList();
        var clear = Clear(error) ?? NotRecurrentMLs(variant, error, checksummed);
        bool crashLike = chain.Any(e => e is OutOfMemoryException or InsufficientExecutionStackException or AccessViolationException);
        return !crashLike && clear != null && clear.Message.Length > 0 ? null
            : $"{variant.Description} failed without a clear error: {string.Join(" <- ", chain.Select(e => $"{e.GetType().Name}: {e.Message}"))}";
    }

    /// <summary>The error of a check that is not RecurrentML's (see the class summary), or null.</summary>
    private static Exception NotRecurrentMLs(Variant variant, Exception error, bool checksummed) => Chain(error).FirstOrDefault(e =>
        (variant.InMlNetParts && e is FileLoadException or FileNotFoundException or CultureNotFoundException) ||
        (!checksummed && variant.InColumnNames && e is ArgumentOutOfRangeException && e.Message.Contains("column")));

    /// <summary>The first InvalidDataException or FormatException in the error's chain, or null.</summary>
    private static Exception Clear(Exception error) => Chain(error).FirstOrDefault(e => e is InvalidDataException or FormatException);

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException) yield return e;
    }

    /// <summary>The clear error's type and the start of its message with numbers and names left out, to count alike
    /// errors together.</summary>
    private static string Reported(Exception error)
    {
        var clear = Clear(error) ?? error.GetBaseException();
        string message = Regex.Replace(clear.Message.ReplaceLineEndings(" "), @"0x[0-9A-F]+|-?\d+|'[^' ]*'", "#");
        return $"{clear.GetType().Name}: {(message.Length <= 100 ? message : message[..100] + "...")}";
    }

    private static List<Variant> Variants(byte[] entry, EncoderEntryLayout layout)
    {
        var random = new Random(14);
        var variants = new List<Variant>();
        int weightsStart = layout.WeightValues[0].Start, weightsEnd = layout.WeightValues[^1].End;

        void Add(string kind, string description, byte[] damaged, int start, int end)
        {
            if (damaged.AsSpan().SequenceEqual(entry)) return;
            bool inWeights = layout.WeightValues.Any(w => start < w.End && end > w.Start);
            bool nonFinite = layout.WeightValues.Any(w => Enumerable.Range(0, (w.End - w.Start) / sizeof(float)).Select(i => w.Start + i * sizeof(float))
                .Any(at => at < end && at + sizeof(float) > start && at + sizeof(float) <= damaged.Length && !float.IsFinite(BitConverter.ToSingle(damaged, at))));
            var (ids, strings) = layout.ColumnNames;
            bool inColumnNames = (start < ids.End && end > ids.Start) || (start < strings.End && end > strings.Start);
            variants.Add(new Variant(kind, $"{kind}: {description}", damaged, inWeights, start < layout.RecurrentEnd && end > layout.RecurrentStart,
                start < layout.RecurrentStart || end > layout.RecurrentEnd, inColumnNames, nonFinite));
        }

        // Truncations: every other length in the full run; the part boundaries and random lengths otherwise.
        var lengths = Full
            ? Enumerable.Range(0, entry.Length / 2).Select(i => 2 * i)
            : new[] { 0, 1, 64, layout.RecurrentStart - 1, layout.RecurrentStart, layout.RecurrentStart + 20, weightsStart, (weightsStart + weightsEnd) / 2, weightsEnd,
                layout.RecurrentEnd - 1, entry.Length - 1 }.Concat(Enumerable.Range(0, 20).Select(_ => random.Next(entry.Length)));
        foreach (int length in lengths.Distinct().Order())
            Add("truncation", $"first {length} of {entry.Length} bytes", entry[..length], length, entry.Length);

        // Single bit flips: one in every byte in the full run; spread over the parts otherwise. Every checksum bit in both.
        var positions = Full
            ? Enumerable.Range(0, entry.Length)
            : Spread(random, 15, (0, layout.RecurrentStart), (layout.RecurrentStart, weightsStart), (weightsEnd, layout.RecurrentEnd), (layout.RecurrentEnd, entry.Length))
                .Concat(Spread(random, 60, (weightsStart, weightsEnd)));
        var flips = positions.Select(at => (at, bit: random.Next(8)));
        if (layout.Checksum >= 0) flips = flips.Concat(Enumerable.Range(0, 32).Select(b => (at: layout.Checksum + b / 8, bit: b % 8)));
        foreach (var (at, bit) in flips.Distinct())
        {
            var damaged = entry.ToArray();
            damaged[at] ^= (byte)(1 << bit);
            Add("bit flip", $"bit {bit} of byte {at}{Part(layout, at)}", damaged, at, at + 1);
        }

        // Runs of 0x00 or 0xFF.
        int[] runLengths = { 1, 2, 4, 8, 32, 128 };
        for (int i = 0; i < (Full ? 400 : 30); i++)
        {
            int length = runLengths[random.Next(runLengths.Length)], at = random.Next(entry.Length - length + 1);
            byte value = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
            var damaged = entry.ToArray();
            damaged.AsSpan(at, length).Fill(value);
            Add("run", $"{length} bytes of 0x{value:X2} at {at}{Part(layout, at)}", damaged, at, at + length);
        }

        // Each 32-bit field before the weights set to 0, -1 and int.MaxValue.
        foreach (var (field, at) in layout.IntFields)
            foreach (int value in new[] { 0, -1, int.MaxValue })
            {
                var damaged = entry.ToArray();
                BitConverter.GetBytes(value).CopyTo(damaged, at);
                Add("int field", $"{field} (byte {at}) set to {value}", damaged, at, at + sizeof(int));
            }
        return variants;
    }

    /// <summary><paramref name="perRange"/> distinct random positions in each range (all of a shorter range).</summary>
    private static IEnumerable<int> Spread(Random random, int perRange, params (int Start, int End)[] ranges) =>
        ranges.SelectMany(r => r.End - r.Start <= perRange
            ? Enumerable.Range(r.Start, r.End - r.Start)
            : Enumerable.Range(0, perRange).Select(_ => random.Next(r.Start, r.End)).Distinct());

    private static string Part(EncoderEntryLayout layout, int at) =>
        at < layout.RecurrentStart ? " (ML.NET header)"
        : at >= layout.RecurrentEnd ? " (ML.NET assembly name and tail)"
        : layout.Checksum >= 0 && at >= layout.Checksum && at < layout.Checksum + sizeof(uint) ? " (checksum)"
        : layout.WeightValues.FirstOrDefault(w => at >= w.Start && at < w.End) is { Weight: not null } w ? $" (weight '{w.Weight}')"
        : "";
}
