namespace TimeSeriesClassification;

/// <summary>A published test accuracy on a set's shipped train/test split.</summary>
internal sealed record Reference(string Method, double Accuracy, string Source);

/// <summary>One classification set of the UCR/UEA archives, as shipped in <c>Data/</c>, with its published references.</summary>
/// <param name="MaxLength">Longest sequence the encoder reads, in the case's own steps: PLAID's longest cases (1,344
/// steps) are cut to their last 512, the others are read whole.</param>
/// <param name="BatchSize">Rows per training step: small sets need small batches to make enough optimiser steps.</param>
/// <param name="HiddenSizes">Widths the selection tries.</param>
/// <param name="EpochCounts">Passes over the training rows the selection tries. One count per set keeps the selection
/// under an hour on 2 cores: GunPoint's 200 after 3-fold CV accuracy 0.922 at 100 and 0.963 at 200 (LSTM, hidden 64);
/// the small multivariate sets' training loss is near 0 by 100. PLAID's first grid (hidden 32 or 64, 40 epochs) chose
/// 64, the larger end, so the grid grew.</param>
internal sealed record TsSet(string Name, int MaxLength, int BatchSize, int[] HiddenSizes, int[] EpochCounts, SeriesPreparation Preparation, IReadOnlyList<Reference> References)
{
    private const string DataSummary = "UCR 2018 DataSummary.csv (Dau et al. 2019)";
    private const string Fawaz = "Fawaz et al. 2019, dl-4-tsc";
    private const string Inception = "Fawaz et al. 2020, InceptionTime results-InceptionTime-128.csv";

    /// <summary>The encoder steps read: <see cref="MaxLength"/> in patches.</summary>
    public int MaxEncoderSteps => MaxLength / Preparation.StepsPerPatch;

    public string TrainFile(string dataFolder) => Path.Combine(dataFolder, Name, Name + "_TRAIN.ts");

    public string TestFile(string dataFolder) => Path.Combine(dataFolder, Name, Name + "_TEST.ts");

    public static readonly TsSet[] All =
    {
        new("GunPoint", MaxLength: 150, BatchSize: 8, HiddenSizes: new[] { 64, 128 }, EpochCounts: new[] { 200 }, SeriesPreparation.None, new Reference[]
        {
            new("1-NN Euclidean", 0.913, DataSummary),
            new("1-NN DTW", 0.907, DataSummary + ", full window"),
            new("FCN", 1.000, Fawaz),
            new("ResNet", 0.991, Fawaz),
            new("InceptionTime", 1.000, Inception),
        }),
        new("BasicMotions", MaxLength: 100, BatchSize: 8, HiddenSizes: new[] { 64, 128 }, EpochCounts: new[] { 100 }, SeriesPreparation.None, new Reference[]
        {
            new("1-NN DTW", 0.975, "tsml-eval results, DTW-D, fold 0 (the shipped split)"),
            new("InceptionTime", 1.000, "Ismail Fawaz et al., LITE repository results_multivariate.csv"),
        }),
        new("JapaneseVowels", MaxLength: 29, BatchSize: 8, HiddenSizes: new[] { 64, 128 }, EpochCounts: new[] { 100 }, SeriesPreparation.None, new Reference[]
        {
            new("FCN", 0.993, Fawaz),
            new("ResNet", 0.992, Fawaz),
            new("InceptionTime", 0.992, "as given in issue 11; not found in a stored results file"),
        }),
        new("PLAID", MaxLength: 512, BatchSize: 32, HiddenSizes: new[] { 64, 128 }, EpochCounts: new[] { 40, 120 }, new SeriesPreparation(StepsPerPatch: 16, AmplitudeFeature: true), new Reference[]
        {
            new("1-NN Euclidean", 0.523, DataSummary),
            new("1-NN DTW", 0.836, DataSummary + ", full window"),
            new("ROCKET", 0.903, "Dempster et al. 2020, results_ucr.csv, mean of 10 runs"),
            new("ResNet", 0.940, "LITE repository results.csv, mean of 5 runs"),
            new("InceptionTime", 0.944, Inception),
        }),
    };
}
