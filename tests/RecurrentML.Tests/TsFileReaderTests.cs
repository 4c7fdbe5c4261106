using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

public sealed class TsFileReaderTests
{
    private static string DataFile(string set, string file) => Path.Combine(AppContext.BaseDirectory, "Data", set, file);

    [Fact]
    public void GunPoint_reads_as_equal_length_univariate_cases_with_text_labels()
    {
        var data = new MLContext(seed: 1).Data.LoadFromTsFile(DataFile("GunPoint", "GunPoint_TRAIN.ts"));
        Assert.Equal("GunPoint", data.ProblemName);
        Assert.Equal(1, data.Dimensions);
        Assert.Equal(new[] { "1", "2" }, data.ClassLabels);
        Assert.Equal((150, 150), (data.MinLength, data.MaxLength));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 150), data.Schema["Features"].Type);
        Assert.Equal(TextDataViewType.Instance, data.Schema["Label"].Type);
        var features = data.GetColumn<float[]>("Features").ToList();
        var labels = data.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToList();
        Assert.Equal(50, features.Count);
        Assert.Equal(24, labels.Count(l => l == "1"));
        Assert.Equal(26, labels.Count(l => l == "2"));
        Assert.Equal(-0.6478854f, features[0][0]);
        Assert.Equal(-0.64199155f, features[0][1]);
        Assert.All(data.GetColumn<int>("Length"), length => Assert.Equal(150, length));
    }

    [Fact]
    public void JapaneseVowels_reads_unequal_lengths_step_major()
    {
        string path = DataFile("JapaneseVowels", "JapaneseVowels_TRAIN.ts");
        var data = new MLContext(seed: 1).Data.LoadFromTsFile(path);
        Assert.Equal(12, data.Dimensions);
        Assert.Equal((7, 26), (data.MinLength, data.MaxLength));
        Assert.False(((VectorDataViewType)data.Schema["Features"].Type).IsKnownSize);
        var features = data.GetColumn<float[]>("Features").ToList();
        var lengths = data.GetColumn<int>("Length").ToList();
        Assert.Equal(270, features.Count);

        // The file's first case, dimension-major, against the step-major vector: value (d, t) is at t * 12 + d.
        var firstCase = File.ReadLines(path).SkipWhile(l => !l.StartsWith("@data", StringComparison.OrdinalIgnoreCase)).Skip(1)
            .First(l => l.Trim().Length > 0 && !l.StartsWith('#')).Split(':');
        Assert.Equal(13, firstCase.Length);
        for (int d = 0; d < 12; d++)
        {
            var steps = firstCase[d].Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(lengths[0], steps.Length);
            for (int t = 0; t < steps.Length; t++) Assert.Equal(steps[t], features[0][t * 12 + d]);
        }
        Assert.All(features.Zip(lengths), pair => Assert.Equal(pair.Second * 12, pair.First.Length));
    }

    private const string Header = "# a comment\n@problemName Tiny\n@univariate false\n@dimensions 2\n@equalLength false\n@classLabel true a b\n@data\n";

    [Fact]
    public void A_small_file_reads_comments_tags_and_cases()
    {
        var data = Load(Header + "1,2,3:4,5,6:a\n# between cases\n\n7,8:9,10:b\n");
        Assert.Equal(2, data.Dimensions);
        var features = data.GetColumn<float[]>("Features").ToList();
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, features[0]);
        Assert.Equal(new float[] { 7, 9, 8, 10 }, features[1]);
        Assert.Equal(new[] { 3, 2 }, data.GetColumn<int>("Length"));
    }

    [Fact]
    public void A_regression_file_has_a_float_label_and_an_unlabeled_file_none()
    {
        var target = Load("@univariate true\n@targetLabel true\n@data\n1,2:0.5\n3,4:-1.5\n");
        Assert.Equal(NumberDataViewType.Single, target.Schema["Label"].Type);
        Assert.Equal(new[] { 0.5f, -1.5f }, target.GetColumn<float>("Label"));
        var unlabeled = Load("@univariate true\n@classLabel false\n@data\n1,2\n3,4,5\n");
        Assert.Null(unlabeled.Schema.GetColumnOrNull("Label"));
        Assert.Equal(new[] { 2, 3 }, unlabeled.GetColumn<int>("Length"));
    }

    [Fact]
    public void Missing_values_are_an_error_unless_allowed()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(Header + "1,?,3:4,5,6:a\n"));
        Assert.Contains("line 8, column 3", error.Message);
        Assert.Contains("dimension 1, step 2 is missing", error.Message);
        var data = Load(Header + "1,?,3:4,NaN,6:a\n", allowMissingValues: true);
        var values = data.GetColumn<float[]>("Features").Single();
        Assert.True(float.IsNaN(values[2]) && float.IsNaN(values[3]));
        Assert.Equal(1f, values[0]);
    }

    [Theory]
    [InlineData("1,2:3,4:5,6:a\n", "line 8, column 1", "3 dimensions; expected 2 (@dimensions 2)")]
    [InlineData("1,2:3,x4:a\n", "line 8, column 7", "dimension 2, step 2 is 'x4'; expected a finite number")]
    [InlineData("1,2:3,4:c\n", "line 8, column 9", "the label 'c' is not one of the @classLabel values a, b")]
    [InlineData("1,2,3:3,4:a\n", "line 8, column 7", "dimension 2 has 2 steps but dimension 1 has 3")]
    [InlineData("1,,3:3,4,5:a\n", "line 8, column 3", "dimension 1, step 2 is empty")]
    public void Malformed_cases_name_the_line_and_column(string dataLine, string where, string what)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(Header + dataLine));
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
        Assert.Contains(".ts", error.Message);
    }

    [Theory]
    [InlineData("@problemName X\n@univariate true\n@classLabel true a\n", "has no @data line")]
    [InlineData("@univariate true\n@classLabel true a\n1,2:a\n", "line 3, column 1: expected a '#' comment or an '@' header tag before @data (is the @data line missing?)")]
    [InlineData("@univariate true\n@classLabel true a\n@data\n", "has no cases")]
    [InlineData("1,2:a\n@data\n", "line 1, column 1: expected a '#' comment or an '@' header tag")]
    [InlineData("@univariate true\n@equalLength true\n@seriesLength 3\n@classLabel true a\n@data\n1,2:a\n", "line 6, column 1: the case has 2 steps; expected 3")]
    [InlineData("@univariate maybe\n@data\n1\n", "line 1, column 13: @univariate is 'maybe'; expected true or false")]
    [InlineData("@timeStamps true\n@data\n1\n", "@timeStamps true (time-stamped values) is not supported")]
    public void Malformed_files_say_what_is_wrong(string text, string what)
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(text));
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new MLContext().Data.LoadFromTsFile("/no/such/file.ts"));
        Assert.Contains("/no/such/file.ts", error.Message);
    }

    [Fact]
    public void Multivariate_unequal_length_cases_train_an_encoder_end_to_end()
    {
        // Class a rises in dimension 1, class b in dimension 2; lengths 4 to 9.
        var random = new Random(3);
        var lines = Enumerable.Range(0, 80).Select(i =>
        {
            bool a = i % 2 == 0;
            int length = random.Next(4, 10);
            string Series(bool rising) => string.Join(',', Enumerable.Range(0, length).Select(t =>
                ((rising ? 0.5 * t : 0) + random.NextDouble() * 0.3).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            return $"{Series(a)}:{Series(!a)}:{(a ? "a" : "b")}";
        });
        var mlContext = new MLContext(seed: 1);
        var data = Load(Header + string.Join('\n', lines) + "\n", mlContext: mlContext);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.Gru(new GruOptions
            {
                InputColumnName = "Features", FeaturesPerStep = data.Dimensions, HiddenSize = 16, MaxEpochs = 30, BatchSize = 16,
                LearningRate = 1e-2, ValidationFraction = 0, Seed = 1,
            }))
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        var metrics = mlContext.MulticlassClassification.Evaluate(pipeline.Fit(data).Transform(data));
        Assert.True(metrics.MacroAccuracy > 0.9, $"training accuracy {metrics.MacroAccuracy}");
    }

    private static TsDataView Load(string text, bool allowMissingValues = false, MLContext mlContext = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"recurrentml-ts-{Guid.NewGuid():N}.ts");
        File.WriteAllText(path, text);
        try
        {
            var data = (mlContext ?? new MLContext(seed: 1)).Data.LoadFromTsFile(path, allowMissingValues);
            return data;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
