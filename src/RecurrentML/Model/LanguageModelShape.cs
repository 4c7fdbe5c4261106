namespace RecurrentML.Model;

/// <summary>
/// The architecture of a language model as plain values. <see cref="Layers"/> describes the embedding and recurrent
/// layers exactly as an encoder's (forward only, no pooling), so an encoder of the same sizes can start from them.
/// Token ids: 0 unknown, 1 to the vocabulary size for the keys, then <see cref="EndOfRow"/>, which the model reads
/// and predicts after each row's last token; the embedding and the output layer have one row per id.
/// </summary>
internal sealed record LanguageModelShape(NetworkShape Layers, bool TiedEmbeddings)
{
    /// <summary>The keys of the training column.</summary>
    public int VocabularySize => Layers.EmbeddingRows - 2;

    /// <summary>The id of the end of a row.</summary>
    public int EndOfRow => Layers.EmbeddingRows - 1;

    /// <summary>Ids the model predicts over (the unknown id, the keys and the end of a row).</summary>
    public int Outputs => Layers.EmbeddingRows;

    public static LanguageModelShape Create(RecurrentCell cell, int vocabularySize, int embeddingSize, int hiddenSize, int layers,
        bool tiedEmbeddings, RnnNonlinearity nonlinearity) =>
        new(new NetworkShape(cell, vocabularySize + 2, embeddingSize, hiddenSize, layers, Bidirectional: false, SequencePooling.Last, nonlinearity),
            tiedEmbeddings);
}
