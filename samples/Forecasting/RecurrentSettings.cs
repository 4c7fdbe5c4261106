using RecurrentML;
using RecurrentML.Forecasting;

namespace Forecasting;

/// <summary>One candidate configuration of the recurrent forecaster; the sample picks one per series and cell on the
/// validation tail of the training span.</summary>
/// <param name="WithWindow">Whether the regressor reads the raw window beside the encoding (LSTNet's linear
/// autoregressive part) or the encoding alone.</param>
internal sealed record RecurrentSettings(RecurrentCell Cell, int WindowSize, bool LogTransform, int HiddenSize, int Epochs,
    double LearningRate, bool WithWindow)
{
    public const int BatchSize = 16, Seed = 1;

    public SeriesWindowing Windowing => new(WindowSize, LogTransform);

    public override string ToString() =>
        $"window {WindowSize}, {(LogTransform ? "log" : "raw")}, hidden {HiddenSize}, {Epochs} epochs, lr {LearningRate:0.####}, " +
        (WithWindow ? "encoding + window" : "encoding only");
}
