namespace RecurrentML.Model;

/// <summary>
/// The names a network's weights have in the model description, in saved entries, in the ONNX export and in the row
/// scorer: torch's own parameter names, so that a network's <c>named_parameters</c> and the description agree without
/// a table. Each recurrent layer is a one-layer torch module, so its weights are always torch's layer 0 ("l0").
/// </summary>
internal static class WeightNames
{
    /// <summary>The token embedding, [EmbeddingRows, InputSize].</summary>
    public const string Embedding = "embedding.weight";

    /// <summary>The four weights of one direction (0 forward, 1 backward) of one recurrent layer.</summary>
    public static LayerWeightNames Layer(int layer, int direction)
    {
        string prefix = $"layers.{layer}.", suffix = direction == 1 ? "l0_reverse" : "l0";
        return new LayerWeightNames($"{prefix}weight_ih_{suffix}", $"{prefix}weight_hh_{suffix}", $"{prefix}bias_ih_{suffix}", $"{prefix}bias_hh_{suffix}");
    }
}

/// <summary>The weights of one direction of one recurrent layer: W_ih [gates * hidden, input], W_hh [gates * hidden,
/// hidden], b_ih and b_hh [gates * hidden].</summary>
internal readonly record struct LayerWeightNames(string InputWeight, string RecurrentWeight, string InputBias, string RecurrentBias);
