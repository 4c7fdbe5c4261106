namespace RecurrentML.Model;

/// <summary>
/// Everything a fitted tagger learned, as plain values: its word vocabulary (word k - 1 is id k; id 0 is every other
/// word) and whether words are looked up in lower case, its character features (null without them), its tags (the label's key values: tag k - 1 is key k), the
/// recurrent layers' shape (they read each token's word embedding and character features side by side, so the shape
/// has no embedding of its own and its input size is theirs together), the output layer, the training history and the
/// weights by name (<see cref="TaggerWeights"/>). This is what is written into the model zip.
/// </summary>
internal sealed record TaggerModel(
    IReadOnlyList<string> Words,
    bool LowercaseWords,
    CharacterFeatures Characters,
    IReadOnlyList<string> Tags,
    NetworkShape Layers,
    TaggerOutputLayer OutputLayer,
    IReadOnlyList<EpochReport> History,
    IReadOnlyList<NamedWeight> Weights)
{
    /// <summary>Rows of the word embedding: the unknown word's and one per vocabulary word.</summary>
    public int WordRows => Words.Count + 1;

    /// <summary>Values of a word's embedding: the layers' input less the character features.</summary>
    public int WordEmbeddingSize => Shape.WordEmbeddingSize;

    /// <summary>What the network is built from.</summary>
    public TaggerModelShape Shape => new(WordRows, Characters, Layers, Tags.Count, OutputLayer);
}

/// <summary>The architecture of a tagger's network as plain values: everything needed to build it before its weights
/// are loaded.</summary>
internal sealed record TaggerModelShape(int WordRows, CharacterFeatures Characters, NetworkShape Layers, int Tags, TaggerOutputLayer OutputLayer)
{
    /// <summary>Values of a word's embedding: the layers' input less the character features.</summary>
    public int WordEmbeddingSize => Layers.InputSize - (Characters?.Filters ?? 0);
}

/// <summary>A tagger's character features of each word (a character CNN, Network/Characters): its characters (id k + 2
/// for character k; 0 padding, 1 unknown), the character embedding size, the filters and their width, and how many
/// characters of a word it reads (a longer word keeps its first and last halves).</summary>
internal sealed record CharacterFeatures(IReadOnlyList<string> Alphabet, int EmbeddingSize, int Filters, int Width, int MaxCharacters);

/// <summary>The names of a tagger's own weights, beside its recurrent layers' (which carry <see cref="EncoderPrefix"/>
/// before the names <see cref="WeightNames"/> makes).</summary>
internal static class TaggerWeights
{
    public const string Words = "words.weight";
    public const string CharactersPrefix = "characters.";
    public const string EncoderPrefix = "encoder.";
    public const string EmissionWeight = "emissions.weight";
    public const string EmissionBias = "emissions.bias";
    public const string CrfPrefix = "crf.";
    public const string CrfTransitions = CrfPrefix + "transitions";
    public const string CrfStart = CrfPrefix + "start_transitions";
    public const string CrfEnd = CrfPrefix + "end_transitions";
}
