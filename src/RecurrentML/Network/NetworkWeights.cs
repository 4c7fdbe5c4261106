using RecurrentML.Model;
using RecurrentML.Network.Cells;
using RecurrentML.Network.Pooling;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>Copies a network's weights out to plain arrays and back in, checking every name and shape.</summary>
internal static class NetworkWeights
{
    public static List<NamedWeight> Export(nn.Module network)
    {
        // The scope frees the detached (and, on a GPU, copied) tensors made on the way.
        using var scope = NewDisposeScope();
        return network.named_parameters()
            .Select(p => new NamedWeight(p.name, p.parameter.shape, p.parameter.detach().cpu().data<float>().ToArray()))
            .ToList();
    }

    /// <summary>The names and shapes a network of this shape has, in order, without allocating it.</summary>
    public static List<(string Name, long[] Shape)> Expected(NetworkShape shape)
    {
        var expected = new List<(string, long[])>();
        if (shape.UsesEmbedding) expected.Add((WeightNames.Embedding, new long[] { shape.EmbeddingRows, shape.InputSize }));
        int gates = CellType.For(shape.Cell).Gates;
        int directions = shape.Bidirectional ? 2 : 1;
        for (int layer = 0; layer < shape.NumberOfLayers; layer++)
        {
            long input = layer == 0 ? shape.InputSize : (long)shape.HiddenSize * directions;
            long rows = (long)gates * shape.HiddenSize;
            for (int direction = 0; direction < directions; direction++)
            {
                var names = WeightNames.Layer(layer, direction);
                expected.Add((names.InputWeight, new[] { rows, input }));
                expected.Add((names.RecurrentWeight, new[] { rows, (long)shape.HiddenSize }));
                expected.Add((names.InputBias, new[] { rows }));
                expected.Add((names.RecurrentBias, new[] { rows }));
            }
        }
        expected.AddRange(PoolingMethod.For(shape.Pooling).Weights(shape.EncodingSize));
        return expected;
    }

    /// <summary>The names and shapes of a language model's weights, in its network's parameter order (torch lists a
    /// module's own parameters before its submodules'): the output layer's weight (untied only) and bias, then the
    /// encoder's embedding and layers.</summary>
    public static List<(string Name, long[] Shape)> Expected(LanguageModelShape shape)
    {
        var weights = new List<(string Name, long[] Shape)>();
        if (!shape.TiedEmbeddings) weights.Add(("decoder_weight", new long[] { shape.Outputs, shape.Layers.HiddenSize }));
        weights.Add(("decoder_bias", new long[] { shape.Outputs }));
        weights.AddRange(Expected(shape.Layers));
        return weights;
    }

    /// <summary>The names and shapes of a global forecaster's weights, in its network's parameter order
    /// (<see cref="ForecastNetwork"/>): the encoder's under <c>encoder.</c>, then the decoder's two linear layers.</summary>
    public static List<(string Name, long[] Shape)> Expected(ForecastLayout layout, NetworkShape encoder, int decoderSize)
    {
        var weights = Expected(encoder).Select(w => (ForecastNetwork.EncoderPrefix + w.Name, w.Shape)).ToList();
        long inputs = ForecastNetwork.DecoderInputs(layout, encoder), levels = layout.QuantileLevels.Length;
        weights.Add((ForecastNetwork.DecoderHiddenWeight, new[] { decoderSize, inputs }));
        weights.Add((ForecastNetwork.DecoderHiddenBias, new long[] { decoderSize }));
        weights.Add((ForecastNetwork.DecoderOutputWeight, new[] { levels, decoderSize }));
        weights.Add((ForecastNetwork.DecoderOutputBias, new[] { levels }));
        return weights;
    }

    /// <summary>The names and shapes of a tagger's weights, in its network's parameter order (<see cref="TaggerNetwork"/>).</summary>
    public static List<(string Name, long[] Shape)> Expected(TaggerModelShape shape)
    {
        var (wordRows, characters, layers, tags, outputLayer) = shape;
        var weights = new List<(string Name, long[] Shape)> { (TaggerWeights.Words, new long[] { wordRows, shape.WordEmbeddingSize }) };
        if (characters != null)
        {
            weights.Add((TaggerWeights.CharactersPrefix + Characters.CharacterCnn.EmbeddingWeight, new long[] { characters.Alphabet.Count + Characters.CharacterVocabulary.FirstCharacter, characters.EmbeddingSize }));
            weights.Add((TaggerWeights.CharactersPrefix + Characters.CharacterCnn.ConvolutionWeight, new long[] { characters.Filters, characters.EmbeddingSize, characters.Width }));
            weights.Add((TaggerWeights.CharactersPrefix + Characters.CharacterCnn.ConvolutionBias, new long[] { characters.Filters }));
        }
        weights.AddRange(Expected(layers).Select(w => (TaggerWeights.EncoderPrefix + w.Name, w.Shape)));
        weights.Add((TaggerWeights.EmissionWeight, new long[] { tags, layers.EncodingSize }));
        weights.Add((TaggerWeights.EmissionBias, new long[] { tags }));
        weights.AddRange(Heads.TagOutput.For(outputLayer).Weights(tags));
        return weights;
    }

    /// <summary>The names and shapes of a transcriber's weights, in its network's parameter order
    /// (<see cref="TranscriberNetwork"/>): the recurrent layers under <c>encoder.</c>, then the output layer.</summary>
    public static List<(string Name, long[] Shape)> Expected(NetworkShape layers, int classes)
    {
        var weights = Expected(layers).Select(w => (TranscriberWeights.EncoderPrefix + w.Name, w.Shape)).ToList();
        weights.Add((TranscriberWeights.OutputWeight, new long[] { classes, layers.EncodingSize }));
        weights.Add((TranscriberWeights.OutputBias, new long[] { classes }));
        return weights;
    }

    /// <summary>Copies <paramref name="weights"/> in by name; unless <paramref name="all"/> is false, they must be every
    /// weight the network has.</summary>
    public static void Import(nn.Module network, IReadOnlyList<NamedWeight> weights, bool all = true)
    {
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var weight in weights)
        {
            if (!parameters.TryGetValue(weight.Name, out var parameter))
                throw new InvalidDataException($"The model holds a weight '{weight.Name}' that this network does not have.");
            if (!parameter.shape.SequenceEqual(weight.Shape))
                throw new InvalidDataException($"The model's weight '{weight.Name}' has shape [{string.Join(", ", weight.Shape)}]; the network expects [{string.Join(", ", parameter.shape)}].");
            using var values = tensor(weight.Values, weight.Shape);
            parameter.copy_(values);
        }
        if (all && weights.Count != parameters.Count)
            throw new InvalidDataException($"The model holds {weights.Count} weights; the network has {parameters.Count}.");
    }
}
