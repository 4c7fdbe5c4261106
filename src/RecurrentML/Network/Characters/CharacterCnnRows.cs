using System.Buffers;
using RecurrentML.Model;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace RecurrentML.Network.Characters;

/// <summary>
/// <see cref="CharacterCnn"/> for one word on plain values (the managed scoring path, as in Network/RowScoring): no
/// torch call, safe on any number of threads at once, equal to the torch forward within float rounding. A window's
/// value is the bias plus, for each of its positions, that position's filter slice times the character's embedding;
/// those products depend only on the character and the position, so they are computed once for every character, and
/// a word then costs <see cref="CharacterCnn.Width"/> vector additions per character.
/// </summary>
internal sealed class CharacterCnnRows
{
    // [rows, width, filters]: convolution.weight[:, :, k] · embedding[c] at [(c * width + k) * filters ..].
    private readonly float[] _characterTerms;
    private readonly float[] _bias;
    private readonly int _rows;
    private readonly int _width;

    /// <summary>The CNN whose weights are <paramref name="weights"/>' <c>embedding.weight</c>, <c>convolution.weight</c>
    /// and <c>convolution.bias</c> (<see cref="CharacterCnn"/>'s names), each after <paramref name="prefix"/>: the
    /// name of the CNN's field in a larger network, with its dot.</summary>
    public CharacterCnnRows(IReadOnlyDictionary<string, NamedWeight> weights, string prefix = "")
    {
        var embedding = Weight(weights, prefix + CharacterCnn.EmbeddingWeight, 2);
        var convolution = Weight(weights, prefix + CharacterCnn.ConvolutionWeight, 3);
        var bias = Weight(weights, prefix + CharacterCnn.ConvolutionBias, 1);
        _rows = (int)embedding.Shape[0];
        int size = (int)embedding.Shape[1], filters = (int)convolution.Shape[0];
        _width = (int)convolution.Shape[2];
        if (convolution.Shape[1] != size || _width % 2 == 0 || bias.Shape[0] != filters)
            throw new ArgumentException($"Weights of shapes [{string.Join(", ", embedding.Shape)}], [{string.Join(", ", convolution.Shape)}] and [{string.Join(", ", bias.Shape)}] do not make a character CNN: expected [characters, embedding], [filters, embedding, odd width] and [filters].", nameof(weights));
        _bias = bias.Values;
        _characterTerms = new float[_rows * _width * filters];
        for (int c = 0; c < _rows; c++)
            for (int k = 0; k < _width; k++)
                for (int f = 0; f < filters; f++)
                {
                    double sum = 0;
                    for (int e = 0; e < size; e++) sum += (double)convolution.Values[(f * size + e) * _width + k] * embedding.Values[c * size + e];
                    _characterTerms[(c * _width + k) * filters + f] = (float)sum;
                }
    }

    /// <summary>Features per word.</summary>
    public int Filters => _bias.Length;

    /// <summary>Writes the features of one word (its character ids, as <see cref="CharacterVocabulary.Ids"/> gives
    /// them; trailing padding changes nothing) into <paramref name="output"/> ([<see cref="Filters"/>]). A word of no
    /// characters reads as one padding character, as in a batch.</summary>
    public void Encode(ReadOnlySpan<int> charIds, Span<float> output)
    {
        if (output.Length != Filters)
            throw new ArgumentException($"Output holds {output.Length} values; expected one per filter ({Filters}).", nameof(output));
        foreach (int id in charIds)
            if ((uint)id >= (uint)_rows)
                throw new ArgumentOutOfRangeException(nameof(charIds), id, $"Character id {id} is outside the embedding's {_rows} rows.");
        int filters = Filters, half = _width / 2;
        var buffer = ArrayPool<float>.Shared.Rent(filters);
        try
        {
            var window = buffer.AsSpan(0, filters);
            for (int t = 0; t < Math.Max(1, charIds.Length); t++)
            {
                if (t > 0 && charIds[t] == CharacterVocabulary.Padding) continue;
                _bias.CopyTo(window);
                // Positions outside the word are the convolution's zero padding: they add nothing.
                for (int k = Math.Max(0, half - t); k < _width && t + k - half < charIds.Length; k++)
                    TensorPrimitives.Add(window, _characterTerms.AsSpan((charIds[t + k - half] * _width + k) * filters, filters), window);
                if (t == 0) window.CopyTo(output);
                else TensorPrimitives.Max(output, window, output);
            }
            TensorPrimitives.Tanh(output, output);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static NamedWeight Weight(IReadOnlyDictionary<string, NamedWeight> weights, string name, int dimensions)
    {
        if (!weights.TryGetValue(name, out var weight))
            throw new ArgumentException($"The weights hold no '{name}'.", nameof(weights));
        if (weight.Shape.Length != dimensions || weight.Shape.Any(d => d < 1))
            throw new ArgumentException($"Weight '{name}' has shape [{string.Join(", ", weight.Shape)}]; expected {dimensions} dimensions, none empty.", nameof(weights));
        return weight;
    }
}
