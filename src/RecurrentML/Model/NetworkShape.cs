namespace RecurrentML.Model;

/// <summary>The architecture of an encoder network, as plain values: everything needed to rebuild it before its
/// weights are loaded. EmbeddingRows is the vocabulary + 1 (for the unknown id 0), or 0 for float input; InputSize is
/// what enters the first recurrent layer per step: the embedding size, or the float features per step.</summary>
internal sealed record NetworkShape(
    RecurrentCell Cell,
    int EmbeddingRows,
    int InputSize,
    int HiddenSize,
    int NumberOfLayers,
    bool Bidirectional,
    SequencePooling Pooling,
    RnnNonlinearity Nonlinearity)
{
    public bool UsesEmbedding => EmbeddingRows > 0;

    /// <summary>Length of the pooled encoding: hidden size times directions.</summary>
    public int EncodingSize => HiddenSize * (Bidirectional ? 2 : 1);
}
