namespace RecurrentML;

/// <summary>What training does to the embedding rows that pretrained word vectors filled (<see cref="PretrainedWordVectors"/>);
/// rows of words the file does not have always train.</summary>
public enum WordVectorTraining
{
    /// <summary>The vectors train with the rest of the network from the first step.</summary>
    FineTuned,

    /// <summary>The vectors never change (Keras's <c>trainable=False</c>, but only for the rows the file filled).</summary>
    Frozen,

    /// <summary>The vectors stay as read for <see cref="PretrainedWordVectors.FrozenEpochs"/> epochs, while the layers and
    /// the head learn to read them, and then train with the rest.</summary>
    FrozenFirstEpochs,
}
