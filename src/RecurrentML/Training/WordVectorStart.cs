using RecurrentML.WordVectors;

namespace RecurrentML.Training;

/// <summary>Pretrained vectors an embedding's rows start from, and when training may change them.</summary>
internal sealed record WordVectorStart(AlignedWordVectors Vectors, WordVectorTraining Training, int FrozenEpochs)
{
    /// <summary>Whether the rows the vectors filled stay as they are in <paramref name="epoch"/> (1-based).</summary>
    public bool FrozenIn(int epoch) => Training switch
    {
        WordVectorTraining.Frozen => true,
        WordVectorTraining.FrozenFirstEpochs => epoch <= FrozenEpochs,
        _ => false,
    };
}
