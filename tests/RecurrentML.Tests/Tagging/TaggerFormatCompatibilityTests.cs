using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests.Tagging;

/// <summary>
/// Tagger zips written by earlier versions keep loading and tagging as they did, as <see cref="FormatCompatibilityTests"/>
/// checks for the encoder. Tagging/Fixtures/&lt;format version&gt;/ holds zips written by the RecurrentML of that
/// version and what they tagged then (per sentence of the shipped EWT subset's last 20: the tags, then each token's
/// probabilities); every later version must reproduce the tags and the probabilities within 1e-5.
/// </summary>
public class TaggerFormatCompatibilityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Tagging", "Fixtures");

    private static string[] FixturePaths() => Directory.GetFiles(Folder, "*.zip", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/')).Order().ToArray();

    public static TheoryData<string> Fixtures => new(FixturePaths());

    [Fact]
    public void Fixtures_of_every_format_version_are_present() =>
        Assert.Equal(new[] { "00010001/tagger-crf.zip", "00010001/tagger-softmax-words.zip" }, FixturePaths());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_tagger_zip_written_by_an_earlier_version_loads_and_tags_as_it_did(string fixture) =>
        AssertTagsAsWritten(Path.Combine(Folder, fixture));

    /// <summary>The fixtures of the current format, written to a temporary folder (or to RECURRENTML_WRITE_TAGGER_FIXTURES,
    /// to keep them as a new version's fixtures), load and tag as they did when written.</summary>
    [Fact]
    public void Tagger_fixtures_written_now_load_and_tag_as_they_did()
    {
        string keep = Environment.GetEnvironmentVariable("RECURRENTML_WRITE_TAGGER_FIXTURES");
        string folder = string.IsNullOrEmpty(keep) ? Directory.CreateTempSubdirectory("recurrentml-tagger-fixtures-").FullName : keep;
        try
        {
            Directory.CreateDirectory(folder);
            Write(folder, "tagger-crf", TaggerOutputLayer.Crf, characters: true);
            Write(folder, "tagger-softmax-words", TaggerOutputLayer.Softmax, characters: false);
            foreach (string zip in Directory.GetFiles(folder, "*.zip")) AssertTagsAsWritten(zip);
        }
        finally
        {
            if (string.IsNullOrEmpty(keep)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void Write(string folder, string name, TaggerOutputLayer outputLayer, bool characters)
    {
        var mlContext = new MLContext(seed: 1);
        var options = RecurrentTaggerTests.Small(outputLayer);
        options.MaxEpochs = 3;
        options.HiddenSize = 8;
        options.EmbeddingSize = 8;
        options.CharacterFilters = 6;
        options.CharacterFeatures = characters;
        var (model, heldOut) = RecurrentTaggerTests.Fit(mlContext, options);
        string zip = Path.Combine(folder, name + ".zip");
        mlContext.Model.Save(model, heldOut.Schema, zip);
        File.WriteAllLines(Path.ChangeExtension(zip, ".expected.tsv"), Tag(mlContext, model));
    }

    private static void AssertTagsAsWritten(string zip)
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(zip, out _);
        var expected = File.ReadAllLines(Path.ChangeExtension(zip, ".expected.tsv"));
        var actual = Tag(mlContext, model);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i += 2)
        {
            Assert.Equal(expected[i], actual[i]);
            var written = expected[i + 1].Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var now = actual[i + 1].Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(written.Length, now.Length);
            for (int j = 0; j < written.Length; j++)
                Assert.True(Math.Abs(written[j] - now[j]) < 1e-5, $"{Path.GetFileName(zip)} sentence {i / 2} value {j}: written {written[j]:R}, now {now[j]:R}");
        }
    }

    /// <summary>For each of the last 20 sentences of the shipped EWT subset: a line of tags, then a line of probabilities.</summary>
    private static string[] Tag(MLContext mlContext, ITransformer model)
    {
        var all = mlContext.Data.LoadFromConllUFile(TaggingTestFiles.DataFile("ewt-train-300.conllu"));
        var scored = model.Transform(mlContext.Data.SkipRows(all, 280));
        var tags = scored.GetColumn<string[]>("PredictedTags").ToList();
        var scores = scored.GetColumn<float[]>("Score").ToList();
        return tags.SelectMany((t, i) => new[]
        {
            string.Join('\t', t ?? []), string.Join('\t', (scores[i] ?? []).Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        }).ToArray();
    }
}
