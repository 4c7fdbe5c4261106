namespace RecurrentML.Model;

/// <summary>
/// Everything a fitted tagger learned, as plain values: its word vocabulary (word k - 1 is id k; id 0 is every other
/// word), its tags (the label's key values: tag k - 1 is key k), the recurrent layers' shape (they read the word
/// embedding, so the shape has no embedding of its own and its input size is the embedding's), the output layer, the
/// training history and the weights by name (<see cref="TaggerWeights"/>). This is what is written into the model zip.
/// </summary>
internal sealed record TaggerModel(
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Tags,
    NetworkShape Layers,
    TaggerOutputLayer OutputLayer,
    IReadOnlyList<EpochReport> History,
    IReadOnlyList<NamedWeight> Weights)
{
    /// <summary>Rows of the word embedding: the unknown word's and one per vocabulary word.</summary>
    public int WordRows => Words.Count + 1;
}

/// <summary>The names of a tagger's own weights, beside its recurrent layers' (which carry <see cref="EncoderPrefix"/>
/// before the names <see cref="WeightNames"/> makes).</summary>
internal static class TaggerWeights
{
    public const string Words = "words.weight";
    public const string EncoderPrefix = "encoder.";
    public const string EmissionWeight = "emissions.weight";
    public const string EmissionBias = "emissions.bias";
    public const string CrfPrefix = "crf.";
}
