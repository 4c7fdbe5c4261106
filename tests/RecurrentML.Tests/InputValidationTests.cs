using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Bad options and bad columns fail early, with messages that name the option or column, what was found and
/// what was expected.</summary>
public class InputValidationTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    public static TheoryData<Action<LstmOptions>, string> BadOptions => new()
    {
        { o => o.HiddenSize = 0, "HiddenSize is 0" },
        { o => o.LearningRate = -0.1, "LearningRate is -0.1" },
        { o => o.LearningRate = double.NaN, "LearningRate is NaN" },
        { o => o.NumberOfLayers = 0, "NumberOfLayers is 0" },
        { o => o.Dropout = 1, "Dropout is 1" },
        { o => o.ValidationFraction = 1.5, "ValidationFraction is 1.5" },
        { o => o.BatchSize = -3, "BatchSize is -3" },
        { o => o.MaxSequenceLength = 0, "MaxSequenceLength is 0" },
        { o => o.GradientClipNorm = -1, "GradientClipNorm is -1" },
        { o => o.WeightDecay = -1, "WeightDecay is -1" },
        { o => o.FeaturesPerStep = 0, "FeaturesPerStep is 0" },
        { o => o.NumberOfThreads = 0, "NumberOfThreads is 0" },
        { o => o.Pooling = (SequencePooling)9, "Pooling is 9" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Out_of_range_options_are_rejected_when_the_estimator_is_built(Action<LstmOptions> spoil, string message)
    {
        var options = new LstmOptions { InputColumnName = "Tokens" };
        spoil(options);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.Lstm(options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Simple_overload_checks_its_parameters_too()
    {
        Assert.Contains("HiddenSize is 0", Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.Gru("F", "Tokens", hiddenSize: 0)).Message);
        Assert.Contains("LearningRate is -1", Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.Rnn("F", "Tokens", learningRate: -1)).Message);
        Assert.Contains("Nonlinearity is 5", Assert.Throws<ArgumentOutOfRangeException>(() =>
            _mlContext.Transforms.Rnn(new RnnOptions { Nonlinearity = (RnnNonlinearity)5 })).Message);
        Assert.Throws<ArgumentException>(() => _mlContext.Transforms.Lstm(""));
    }

    [Fact]
    public void Missing_input_column_is_named()
    {
        var data = _mlContext.Data.LoadFromEnumerable(TestData.Sentiment(10, 1));
        var pipeline = TestData.Tokens(_mlContext).Append(_mlContext.Transforms.Lstm("Features", "Words"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("Input column 'Words' was not found in the data; the data has the columns 'Text', 'Label', 'Tokens'.", error.Message);
        Assert.Contains("InputColumnName (inputColumnName in the simple overloads)", error.Message);
    }

    [Fact]
    public void Missing_label_column_is_named()
    {
        var data = _mlContext.Data.LoadFromEnumerable(TestData.Sentiment(10, 1));
        var pipeline = TestData.Tokens(_mlContext).Append(_mlContext.Transforms.Lstm("Features", "Tokens", labelColumnName: "Sentiment"));
        var message = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data)).Message;
        Assert.Contains("Label column 'Sentiment' was not found in the data; the data has the columns 'Text', 'Label', 'Tokens'.", message);
        Assert.Contains("LabelColumnName (labelColumnName in the simple overloads)", message);
    }

    [Fact]
    public void Wrong_input_type_names_the_type_found_and_the_types_expected()
    {
        var data = _mlContext.Data.LoadFromEnumerable(TestData.Sentiment(10, 1));
        // Tokens as text, before MapValueToKey.
        var pipeline = _mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text").Append(_mlContext.Transforms.Lstm("Features", "Tokens"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("Input column 'Tokens' has type VarVector<String>", error.Message);
        Assert.Contains("expected Vector<Key<UInt32>>", error.Message);

        // The estimator alone, on a scalar column, checked by Fit itself.
        var scalar = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.Lstm("Features", "Text").Fit(data));
        Assert.Contains("Input column 'Text' has type String", scalar.Message);
    }

    [Fact]
    public void Unsupported_label_type_names_the_type_found_and_the_types_expected()
    {
        var rows = TestData.Sentiment(10, 1).Select(r => new { r.Text, Label = r.Label ? 1.0 : 0.0 });
        var data = _mlContext.Data.LoadFromEnumerable(rows);
        var pipeline = TestData.Tokens(_mlContext).Append(_mlContext.Transforms.Lstm("Features", "Tokens"));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("Label column 'Label' has type Double", error.Message);
        Assert.Contains("expected Boolean (binary), Key<UInt32> (multiclass", error.Message);
    }

    [Fact]
    public void FeaturesPerStep_that_does_not_divide_a_fixed_vector_size_is_rejected_at_Fit()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new FixedSeries { Values = new float[10], Label = i % 2 == 0 }));
        var estimator = _mlContext.Transforms.Gru(new GruOptions { InputColumnName = "Values", FeaturesPerStep = 3 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        Assert.Contains("Input column 'Values' has fixed size 10, which FeaturesPerStep = 3 does not divide", error.Message);
    }

    [Fact]
    public void Non_finite_float_input_is_rejected_with_the_row()
    {
        var rows = Enumerable.Range(0, 8).Select(i => new FixedSeries { Values = new float[10], Label = i % 2 == 0 }).ToList();
        rows[5].Values[3] = float.NaN;
        var estimator = _mlContext.Transforms.Rnn(new RnnOptions { InputColumnName = "Values", FeaturesPerStep = 2 });
        var error = Assert.Throws<InvalidOperationException>(() => estimator.Fit(_mlContext.Data.LoadFromEnumerable(rows)));
        Assert.Contains("Input column 'Values' has the value NaN in row 5", error.Message);
    }

    [Fact]
    public void A_trained_encoder_rejects_a_scoring_column_of_another_kind()
    {
        var data = _mlContext.Data.LoadFromEnumerable(TestData.Sentiment(40, 1));
        var model = TestData.Tokens(_mlContext).Append(EncoderPipelineTests.Encoder(_mlContext, RecurrentCell.Gru, o => o.MaxEpochs = 1)).Fit(data);
        var encoder = model.LastTransformer;
        var floats = _mlContext.Data.LoadFromEnumerable(new[] { new FixedSeries { Values = new float[10] } });
        var renamed = _mlContext.Transforms.CopyColumns("Tokens", "Values").Fit(floats).Transform(floats);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Transform(renamed));
        Assert.Contains("this encoder was trained on Vector<Key<UInt32>>", error.Message);
    }

    private sealed class FixedSeries
    {
        [VectorType(10)]
        public float[] Values { get; set; }
        public bool Label { get; set; }
    }
}
