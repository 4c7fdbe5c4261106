using Microsoft.ML;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Persistence;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Reliability;

/// <summary>What the weight limit leaves open, an RNN with ReLU (its state has no bound) or float input far beyond the
/// training data's range, is refused when scoring with an error that names the row and the cause, never returned as
/// NaN or infinity.</summary>
public class NonFiniteScoringTests
{
    private readonly ITestOutputHelper _output;

    public NonFiniteScoringTests(ITestOutputHelper output) => _output = output;

    private static readonly string ReluFixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "00010006", "rnn-relu-max-floats.zip");

    private sealed class Scored
    {
        public float[] Features { get; set; }
        public float Score { get; set; }
    }

    private static FormatCompatibilityTests.Series[] Rows() =>
    [
        new() { Values = [0.5f, 1, 0.25f, 0] },
        new() { Values = [0.75f, 0, 0.5f, 1] },
        new() { Values = [0.5f, 1, float.MaxValue, 0, 0.5f, 1] },
    ];

    private const string Expected = "The recurrent encoder's encoding of row 2 of column 'Values' is not finite (";

    [Fact]
    public void Transform_refuses_a_row_that_overflows_a_relu_rnn_naming_the_row()
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(ReluFixture, out _);
        var error = Assert.ThrowsAny<Exception>(() => mlContext.Data.CreateEnumerable<Scored>(model.Transform(mlContext.Data.LoadFromEnumerable(Rows())),
            reuseRowObject: false).ToList());
        var refusal = Assert.IsType<InvalidOperationException>(error.GetBaseException());
        _output.WriteLine(refusal.Message);
        Assert.StartsWith(Expected, refusal.Message);
        Assert.Contains("an RNN with ReLU has no bound on its state", refusal.Message);
        // The rows before it score.
        Assert.Equal(2, mlContext.Data.CreateEnumerable<Scored>(model.Transform(mlContext.Data.LoadFromEnumerable(Rows()[..2])), reuseRowObject: false)
            .Count(r => r.Features.All(float.IsFinite) && float.IsFinite(r.Score)));
    }

    [Fact]
    public void Predict_refuses_a_row_that_overflows_a_relu_rnn_naming_the_row()
    {
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.Load(ReluFixture, out _);
        using var engine = mlContext.Model.CreatePredictionEngine<FormatCompatibilityTests.Series, Scored>(model);
        Assert.All(Rows()[..2], row => Assert.True(engine.Predict(row).Features.All(float.IsFinite)));
        var error = Assert.ThrowsAny<Exception>(() => engine.Predict(Rows()[2]));
        Assert.Contains("is not finite (", error.GetBaseException().Message);
        Assert.Contains("an RNN with ReLU has no bound on its state", error.GetBaseException().Message);
    }

    [Fact]
    public void A_relu_language_model_whose_state_overflows_is_refused_when_it_generates()
    {
        // Weights within the limit that a ReLU state still multiplies past float's range: 4 units x 5000 a step.
        var shape = LanguageModelShape.Create(RecurrentCell.Rnn, vocabularySize: 5, embeddingSize: 4, hiddenSize: 4, layers: 1, tiedEmbeddings: false,
            RnnNonlinearity.Relu);
        torch.manual_seed(1);
        using var network = new LanguageModelNetwork(shape);
        var weights = NetworkWeights.Export(network);
        foreach (var weight in weights.Where(w => w.Name.Contains("weight_hh") || w.Name.Contains("embedding")))
            Array.Fill(weight.Values, weight.Name.Contains("weight_hh") ? 5000f : 1f);
        var model = new LanguageModel(shape, ["a", "b", "c", "d", "e"], " ", [], weights);
        using var generator = TextGenerator.Create(model, torch.CPU);
        var error = Assert.Throws<InvalidOperationException>(() => generator.Read([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2], null));
        _output.WriteLine(error.Message);
        Assert.StartsWith("The Rnn language model's values overflowed the float range: the logit of id ", error.Message);
    }
}
