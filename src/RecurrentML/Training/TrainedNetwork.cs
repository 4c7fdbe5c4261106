using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Training;

/// <summary>What a training returns: the network (the caller owns it), its head's weights, its epochs, and the loss
/// and metric of the trained network and head on rows training never saw (NaN when none were given).</summary>
internal sealed record TrainedNetwork(EncoderNetwork Network, ScoreLayer Head, IReadOnlyList<EpochReport> History, double HeldOutLoss, double HeldOutMetric);
