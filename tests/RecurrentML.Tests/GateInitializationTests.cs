using Microsoft.ML;
using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>Each gate-bias initialisation sets the biases its documentation describes, for the LSTM and the GRU, and
/// the option reaches the network that Fit trains.</summary>
public class GateInitializationTests
{
    private const int Hidden = 6;

    private static Dictionary<string, float[]> Biases(GateInitialization gates, int timescale = 50, int layers = 2, RecurrentCell cell = RecurrentCell.Lstm)
    {
        var shape = new NetworkShape(cell, 0, 3, Hidden, layers, true, SequencePooling.Last, RnnNonlinearity.Tanh);
        using var network = new EncoderNetwork(shape);
        using var generator = new torch.Generator(3, torch.CPU);
        network.Initialize(generator, gates, timescale);
        return NetworkWeights.Export(network).Where(w => w.Name.Contains("bias")).ToDictionary(w => w.Name, w => w.Values);
    }

    private static float[] Gate(float[] bias, int gate) => bias.Skip(gate * Hidden).Take(Hidden).ToArray();

    [Fact]
    public void Unit_forget_bias_sets_the_forget_gate_to_one_and_every_other_bias_to_zero()
    {
        var biases = Biases(GateInitialization.UnitForgetBias);
        Assert.Equal(8, biases.Count); // 2 layers x 2 directions x (ih, hh)
        foreach (var (name, bias) in biases)
        {
            bool inputToHidden = name.Contains("bias_ih");
            Assert.All(Gate(bias, 0), v => Assert.Equal(0f, v));
            Assert.All(Gate(bias, 1), v => Assert.Equal(inputToHidden ? 1f : 0f, v));
            Assert.All(Gate(bias, 2), v => Assert.Equal(0f, v));
            Assert.All(Gate(bias, 3), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Chrono_sets_forget_to_log_of_a_span_in_1_to_T_minus_1_and_input_to_its_negative()
    {
        const int timescale = 50;
        foreach (var (name, bias) in Biases(GateInitialization.Chrono, timescale))
        {
            if (name.Contains("bias_hh"))
            {
                Assert.All(bias, v => Assert.Equal(0f, v));
                continue;
            }
            var forget = Gate(bias, 1);
            Assert.All(forget, v => Assert.InRange(v, 0f, (float)Math.Log(timescale - 1)));
            Assert.Equal(forget.Select(v => -v), Gate(bias, 0));
            Assert.True(forget.Distinct().Count() == Hidden, "spans are drawn per unit");
            Assert.All(Gate(bias, 2).Concat(Gate(bias, 3)), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void For_the_GRU_chrono_and_unit_bias_set_the_update_gate_and_zero_the_rest()
    {
        foreach (var (name, bias) in Biases(GateInitialization.Chrono, 50, cell: RecurrentCell.Gru))
        {
            if (name.Contains("bias_hh"))
            {
                Assert.All(bias, v => Assert.Equal(0f, v));
                continue;
            }
            Assert.All(Gate(bias, 1), v => Assert.InRange(v, 0f, (float)Math.Log(49)));
            Assert.All(Gate(bias, 0).Concat(Gate(bias, 2)), v => Assert.Equal(0f, v));
        }
        foreach (var (name, bias) in Biases(GateInitialization.UnitForgetBias, cell: RecurrentCell.Gru))
        {
            Assert.All(Gate(bias, 1), v => Assert.Equal(name.Contains("bias_ih") ? 1f : 0f, v));
            Assert.All(Gate(bias, 0).Concat(Gate(bias, 2)), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Uniform_keeps_torchs_default_biases()
    {
        double bound = 1 / Math.Sqrt(Hidden);
        var all = Biases(GateInitialization.Uniform).Values.SelectMany(b => b).ToArray();
        Assert.All(all, v => Assert.InRange(v, -bound, bound));
        Assert.True(all.Distinct().Count() > all.Length / 2);
    }

    [Fact]
    public void The_option_reaches_the_network_trained_by_Fit_and_chrono_is_the_default()
    {
        Assert.Equal(GateInitialization.Chrono, new LstmOptions().GateInitialization);
        Assert.Equal(GateInitialization.Chrono, new GruOptions().GateInitialization);
        var mlContext = new MLContext(seed: 1);
        var data = TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(TestData.Sentiment(40, 1)))
            .Transform(mlContext.Data.LoadFromEnumerable(TestData.Sentiment(40, 1)));
        var options = SmallOptions.Of(new LstmOptions { GateInitialization = GateInitialization.UnitForgetBias }, epochs: 1);
        options.LearningRate = 1e-12; // training moves nothing measurably, so the biases are the initial ones
        var encoder = mlContext.Transforms.Lstm(options).Fit(data);
        var bias = NetworkWeights.Export(encoder.Encoder.Network).Single(w => w.Name == "layers.0.bias_ih_l0").Values;
        Assert.All(bias.Skip(16).Take(16), v => Assert.Equal(1f, v, 1e-6f));
        Assert.All(bias.Take(16), v => Assert.Equal(0f, v, 1e-6f));
    }
}
