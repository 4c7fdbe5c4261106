using Microsoft.ML;
using RecurrentML;

namespace TimeSeriesClassification;

/// <summary>One point of the settings grid that cross-validation on the training split chooses from.</summary>
internal sealed record EncoderSettings(int HiddenSize, double LearningRate, int Epochs, int BatchSize, SequencePooling Pooling, bool Bidirectional)
{
    public override string ToString() =>
        $"hidden {HiddenSize}{(Bidirectional ? " bidirectional" : "")}, {Pooling} pooling, lr {LearningRate:G2}, {Epochs} epochs, batch {BatchSize}";

    // recipe:start
    /// <summary>The encoder for one cell: float steps of <paramref name="featuresPerStep"/> values, trained against the key label.</summary>
    public RecurrentEncoderEstimator Encoder(MLContext mlContext, RecurrentCell cell, int featuresPerStep, int maxSteps, int seed)
    {
        var options = RecurrentEncoderOptions.Create(cell);
        options.InputColumnName = "Features";
        options.OutputColumnName = "Encoding";
        options.FeaturesPerStep = featuresPerStep;
        options.MaxSequenceLength = maxSteps;
        options.HiddenSize = HiddenSize;
        options.Bidirectional = Bidirectional;
        options.Pooling = Pooling;
        options.LearningRate = LearningRate;
        options.MaxEpochs = Epochs;
        options.BatchSize = BatchSize;
        // The sets have 40 to 537 training rows: a validation split would take most of the little there is, and the
        // epoch count is chosen by cross-validation instead of early stopping.
        options.ValidationFraction = 0;
        options.Seed = seed;
        return mlContext.Transforms.RecurrentEncoder(options);
    }
    // recipe:end
}
