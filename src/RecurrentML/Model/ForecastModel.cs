namespace RecurrentML.Model;

/// <summary>
/// A fitted global forecaster as plain values: what its network reads and predicts (<see cref="ForecastLayout"/>),
/// the encoder's shape, the decoder's width, and the weights of every ensemble member by name (each member is one
/// network; their quantiles are averaged). <see cref="EpochLosses"/> holds each member's mean training loss per epoch.
/// </summary>
internal sealed record ForecastModel(ForecastLayout Layout, NetworkShape Encoder, int DecoderSize,
    IReadOnlyList<IReadOnlyList<NamedWeight>> Members, IReadOnlyList<double[]> EpochLosses);
