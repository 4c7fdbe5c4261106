using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests.LanguageModels;

/// <summary>
/// Language model zips written by earlier versions keep loading and generating as they did, as
/// <see cref="FormatCompatibilityTests"/> checks for the encoder. LanguageModels/Fixtures/&lt;format version&gt;/ holds a
/// zip written by the RecurrentML of that version and what it generated then (greedy continuations of
/// <see cref="Prompts"/>, then the perplexity on other rows); every later version must reproduce them.
/// </summary>
public class LanguageModelFormatCompatibilityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "LanguageModels", "Fixtures");
    private static readonly string[] Prompts = { "one two", "six", "nine ten one", "" };

    public static TheoryData<string> Fixtures => new(Directory.GetFiles(Folder, "*.zip", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/')).Order());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_language_model_zip_written_by_an_earlier_version_loads_and_generates_as_it_did(string fixture) =>
        AssertGeneratesAsWritten(Path.Combine(Folder, fixture));

    /// <summary>The fixture of the current format version, written to a temporary folder (or to
    /// RECURRENTML_WRITE_LM_FIXTURES, to keep it as a new version's fixture), loads and generates as it did.</summary>
    [Fact]
    public void A_language_model_fixture_written_now_loads_and_generates_as_it_did()
    {
        string keep = Environment.GetEnvironmentVariable("RECURRENTML_WRITE_LM_FIXTURES");
        string folder = string.IsNullOrEmpty(keep) ? Directory.CreateTempSubdirectory("recurrentml-lm-fixtures-").FullName : keep;
        try
        {
            string zip = WriteFixture(folder);
            AssertGeneratesAsWritten(zip);
        }
        finally
        {
            if (string.IsNullOrEmpty(keep)) Directory.Delete(folder, recursive: true);
        }
    }

    private static string WriteFixture(string folder)
    {
        Directory.CreateDirectory(folder);
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(300, seed: 1));
        var options = LanguageModelTestData.Small(epochs: 2);
        options.Generation = new GenerationOptions { Temperature = 0, MaxTokens = 5 };
        var model = LanguageModelTestData.Tokens(mlContext).Append(mlContext.Transforms.LanguageModel(options)).Fit(data);
        string zip = Path.Combine(folder, "lstm-counting.zip");
        mlContext.Model.Save(model, data.Schema, zip);
        File.WriteAllLines(Path.ChangeExtension(zip, ".expected.txt"), Generate(mlContext, model));
        return zip;
    }

    private static void AssertGeneratesAsWritten(string zip)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(zip, out _);
        var expected = File.ReadAllLines(Path.ChangeExtension(zip, ".expected.txt"));
        var actual = Generate(mlContext, model);
        Assert.Equal(expected[..^1], actual[..^1]);
        double written = double.Parse(expected[^1], CultureInfo.InvariantCulture), now = double.Parse(actual[^1], CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(written - now) < 1e-5 * written, $"{Path.GetFileName(zip)}: perplexity written {written:R}, now {now:R}");
    }

    /// <summary>The greedy continuation of each prompt, then the perplexity on 100 other rows.</summary>
    internal static string[] Generate(MLContext mlContext, ITransformer model)
    {
        var prompts = mlContext.Data.LoadFromEnumerable(Prompts.Select(p => new TextRow { Text = p }));
        var generated = model.Transform(prompts).GetColumn<string>("Generated").ToArray();
        var language = ((IEnumerable<ITransformer>)model).OfType<LanguageModelTransformer>().Single();
        var rows = model.Transform(mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(100, seed: 2)));
        return generated.Append(language.Evaluate(rows).Perplexity.ToString("R", CultureInfo.InvariantCulture)).ToArray();
    }
}
