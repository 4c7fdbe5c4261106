
namespace RecurrentML.Model;

/// <summary>Everything a fitted encoder learned, as plain values: how it reads rows, its architecture, its training
/// history, its weights and its training head's weights (<see cref="Head"/>; null in entries saved before format
/// 0x00010004, which did not keep them). This is what is written into the model zip.</summary>
internal sealed record EncoderModel(
    SequenceFormat Sequence,
    NetworkShape Network,
    IReadOnlyList<EpochReport> History,
    IReadOnlyList<NamedWeight> Weights,
    ScoreLayer Head);
