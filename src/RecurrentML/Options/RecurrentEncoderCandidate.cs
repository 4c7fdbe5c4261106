namespace RecurrentML;

/// <summary>One cell and pooling tried by <see cref="Microsoft.ML.RecurrentCatalog.SelectRecurrentEncoder"/>: its
/// cross-validated result on the training rows.</summary>
/// <param name="Cell">The recurrent cell.</param>
/// <param name="Pooling">How step outputs became the encoding.</param>
/// <param name="FoldMetrics">Per fold, the metric (accuracy, or mean absolute error for a Single label) of the encoder and
/// its training head on the fold it did not train on.</param>
/// <param name="MeanMetric">The mean of <paramref name="FoldMetrics"/>: what the candidates are ranked by.</param>
/// <param name="MeanLoss">The mean held-out loss: what breaks ties.</param>
/// <param name="Seconds">Wall-clock seconds of the candidate's folds.</param>
public sealed record RecurrentEncoderCandidate(RecurrentCell Cell, SequencePooling Pooling, IReadOnlyList<double> FoldMetrics,
    double MeanMetric, double MeanLoss, double Seconds);
