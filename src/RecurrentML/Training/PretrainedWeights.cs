using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Training;

/// <summary>
/// Hands a language model's embedding and recurrent layers to an encoder (the ULMFiT recipe, Howard and Ruder 2018):
/// checks that the two networks match (cell, sizes, layers, forward only, and the same vocabulary key for key) and
/// gives the weights under the encoder's names. The language model's extra embedding row, its end of row, is left
/// behind, and the encoder's unknown row stays zero, as the encoder's padding needs.
/// </summary>
internal static class PretrainedWeights
{
    private const string Option = nameof(RecurrentEncoderOptions.PretrainedLanguageModel);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first architecture setting that differs from the
    /// language model's.</summary>
    public static void CheckShape(LanguageModelTransformer model, RecurrentCell cell, int embeddingSize, int hiddenSize, int layers, bool bidirectional,
        RnnNonlinearity nonlinearity)
    {
        var lm = model.Model.Shape.Layers;
        string Mismatch(string setting, object encoder, object language) =>
            $"{Option} is a {lm.Cell} language model with {setting} {language}, but this encoder's {setting} is {encoder}; " +
            $"set the encoder's {setting} to {language} (the language model's layers are taken over as they are).";
        if (cell != lm.Cell) throw new ArgumentException(Mismatch("cell", cell, lm.Cell), Option);
        if (embeddingSize != lm.InputSize) throw new ArgumentException(Mismatch("EmbeddingSize", embeddingSize, lm.InputSize), Option);
        if (hiddenSize != lm.HiddenSize) throw new ArgumentException(Mismatch("HiddenSize", hiddenSize, lm.HiddenSize), Option);
        if (layers != lm.NumberOfLayers) throw new ArgumentException(Mismatch("NumberOfLayers", layers, lm.NumberOfLayers), Option);
        if (bidirectional) throw new ArgumentException(Mismatch("Bidirectional", true, false), Option);
        if (cell == RecurrentCell.Rnn && nonlinearity != lm.Nonlinearity) throw new ArgumentException(Mismatch("Nonlinearity", nonlinearity, lm.Nonlinearity), Option);
    }

    /// <summary>The language model's weights for an encoder of <paramref name="encoder"/>'s shape reading a key column
    /// with <paramref name="vocabulary"/> (entry k - 1 the text of key k), or an <see cref="ArgumentException"/>
    /// saying what differs.</summary>
    public static IReadOnlyList<NamedWeight> For(LanguageModelTransformer model, NetworkShape encoder, string inputColumn, IReadOnlyList<string> vocabulary)
    {
        if (!encoder.UsesEmbedding)
            throw new ArgumentException($"{Option} is set, but input column '{inputColumn}' holds floats; a language model can start only an encoder of token keys.", Option);
        CheckShape(model, encoder.Cell, encoder.InputSize, encoder.HiddenSize, encoder.NumberOfLayers, encoder.Bidirectional, encoder.Nonlinearity);
        var known = model.Vocabulary;
        if (vocabulary.Count != known.Count)
            throw new ArgumentException(
                $"{Option} was trained on {known.Count} keys, but input column '{inputColumn}' has {vocabulary.Count}; map the encoder's tokens with the " +
                "same fitted MapValueToKey (the same ValueToKeyMappingTransformer) as the language model's.", Option);
        for (int k = 0; k < known.Count; k++)
            if (vocabulary[k] != known[k])
                throw new ArgumentException(
                    $"{Option} was trained on other keys: key {k + 1} is '{known[k]}' there and '{vocabulary[k]}' in input column '{inputColumn}'; map the " +
                    "encoder's tokens with the same fitted MapValueToKey (the same ValueToKeyMappingTransformer) as the language model's.", Option);

        var expected = NetworkWeights.Expected(encoder).ToDictionary(w => w.Name, w => w.Shape);
        var weights = new List<NamedWeight>();
        foreach (var weight in model.Model.Weights)
        {
            if (weight.Name == WeightNames.Embedding)
            {
                var shape = expected[weight.Name];
                var values = weight.Values.AsSpan(0, (int)(shape[0] * shape[1])).ToArray();
                Array.Clear(values, 0, (int)shape[1]);
                weights.Add(new NamedWeight(weight.Name, shape, values));
            }
            else if (expected.ContainsKey(weight.Name)) weights.Add(weight);
        }
        return weights;
    }
}
