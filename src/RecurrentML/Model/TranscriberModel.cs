using RecurrentML.Data;

namespace RecurrentML.Model;

/// <summary>
/// Everything a fitted transcriber learned, as plain values: its symbols (class k is symbol k - 1; class 0 is CTC's
/// blank), the standardisation of its input features (learned in Fit), the recurrent layers' shape (float input: no
/// embedding, input size = features per step), the beam width it decodes with, the training history and the weights by
/// name (<see cref="TranscriberWeights"/>). This is what is written into the model zip.
/// </summary>
internal sealed record TranscriberModel(
    IReadOnlyList<string> Symbols,
    FeatureStandardization Standardization,
    NetworkShape Layers,
    int BeamWidth,
    IReadOnlyList<EpochReport> History,
    IReadOnlyList<NamedWeight> Weights)
{
    /// <summary>Outputs per step: the blank and one per symbol.</summary>
    public int Classes => Symbols.Count + 1;

    public int FeaturesPerStep => Layers.InputSize;
}

/// <summary>The names of a transcriber's own weights, beside its recurrent layers' (which carry
/// <see cref="EncoderPrefix"/> before the names <see cref="WeightNames"/> makes).</summary>
internal static class TranscriberWeights
{
    public const string EncoderPrefix = "encoder.";
    public const string OutputWeight = "output.weight";
    public const string OutputBias = "output.bias";
}
