using RecurrentML.WordVectors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>Pretrained vectors an embedding's rows start from, and when training may change them. Encoders, taggers
/// and language models read them the same way (<see cref="Read"/>) and start from them the same way (<see cref="Apply"/>,
/// <see cref="Hold"/>, <see cref="FrozenIn"/>).</summary>
internal sealed record WordVectorStart(AlignedWordVectors Vectors, WordVectorTraining Training, int FrozenEpochs)
{
    /// <summary>Reads <paramref name="file"/> for <paramref name="vocabulary"/> (entry k - 1 the text of id k) and logs
    /// the coverage of the vocabulary and of <paramref name="trainingTokens"/> (ids, 0 the unknown word).</summary>
    public static WordVectorStart Read(PretrainedWordVectors file, IReadOnlyList<string> vocabulary, IEnumerable<ReadOnlyMemory<int>> trainingTokens,
        Action<string> log)
    {
        var vectors = WordVectorFile.Read(file.Path, vocabulary);
        log(vectors.Describe(file.Path, vectors.TokenCoverage(trainingTokens)));
        return new WordVectorStart(vectors, file.Training, file.FrozenEpochs);
    }

    /// <summary>Overwrites the rows of <paramref name="embedding"/> the vectors have (after the network drew its weights).</summary>
    public void Apply(Parameter embedding)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rows = tensor(Vectors.Keys.Select(k => (long)k).ToArray(), device: embedding.device);
        embedding.index_copy_(0, rows, tensor(Vectors.Vectors, new long[] { Vectors.Keys.Length, Vectors.Dimension }, device: embedding.device));
    }

    /// <summary>What holds the rows the vectors filled while they are frozen; null when they are fine-tuned throughout.
    /// The caller disposes it.</summary>
    public FrozenEmbeddingRows Hold(Parameter embedding) =>
        Training == WordVectorTraining.FineTuned ? null : new FrozenEmbeddingRows(embedding, Vectors.Keys, FrozenIn);

    /// <summary>Whether the rows the vectors filled stay as they are in <paramref name="epoch"/> (1-based).</summary>
    public bool FrozenIn(int epoch) => Training switch
    {
        WordVectorTraining.Frozen => true,
        WordVectorTraining.FrozenFirstEpochs => epoch <= FrozenEpochs,
        _ => false,
    };
}
