namespace RecurrentML.Forecasting;

/// <summary>
/// What a global forecaster's ONNX graph reads for a set of series, computed in .NET by
/// <see cref="RecurrentForecastingTransformer.OnnxInput"/>: each series' window at its last observed value, scaled.
/// Feed <see cref="Steps"/> as <c>{id column}.ForecastSteps</c> ([series, <see cref="StepValues"/>]) and, when
/// <see cref="HorizonValues"/> is above 0, <see cref="Horizon"/> as <c>{id column}.ForecastHorizon</c> ([series,
/// <see cref="HorizonValues"/>]); pass the graph's <c>{id column}.ForecastQuantiles</c> output and this to
/// <see cref="RecurrentForecastingTransformer.FromOnnx"/>.
/// </summary>
public sealed record ForecastOnnxInput(IReadOnlyList<string> SeriesIds, float[] Steps, int StepValues, float[] Horizon, int HorizonValues,
    IReadOnlyList<double> Scales);
