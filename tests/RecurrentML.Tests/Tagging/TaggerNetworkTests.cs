using RecurrentML.Model;
using RecurrentML.Network;
using TorchSharp;
using Xunit;

namespace RecurrentML.Tests.Tagging;

/// <summary>The tagger's saved weight list (what loading checks a file against) is exactly its network's parameters,
/// names and shapes in order, for every output layer, with and without character features.</summary>
public class TaggerNetworkTests
{
    [Theory]
    [InlineData(TaggerOutputLayer.Softmax, false, RecurrentCell.Lstm, true)]
    [InlineData(TaggerOutputLayer.Crf, true, RecurrentCell.Gru, true)]
    [InlineData(TaggerOutputLayer.Crf, false, RecurrentCell.Rnn, false)]
    [InlineData(TaggerOutputLayer.Softmax, true, RecurrentCell.Lstm, false)]
    public void The_expected_weights_are_the_networks_in_order(TaggerOutputLayer outputLayer, bool characters, RecurrentCell cell, bool bidirectional)
    {
        var features = characters ? new CharacterFeatures(["a", "b", "c"], EmbeddingSize: 4, Filters: 5, Width: 3, MaxCharacters: 10) : null;
        var layers = new NetworkShape(cell, 0, InputSize: 6 + (features?.Filters ?? 0), HiddenSize: 7, 2, bidirectional, SequencePooling.Last, RnnNonlinearity.Tanh);
        var shape = new TaggerModelShape(WordRows: 12, features, layers, Tags: 5, outputLayer);
        using var generator = new torch.Generator(1);
        using var network = new TaggerNetwork(shape, generator);
        var actual = network.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))).ToList();
        var expected = NetworkWeights.Expected(shape).Select(w => (w.Name, string.Join(",", w.Shape))).ToList();
        Assert.Equal(expected, actual);
    }
}
