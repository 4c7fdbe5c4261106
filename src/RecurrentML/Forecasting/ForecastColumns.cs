namespace RecurrentML.Forecasting;

/// <summary>The columns a fitted global forecaster reads (long form) and writes (one row per series).</summary>
internal sealed record ForecastColumns(string SeriesId, string Time, string Value, string[] Past, string[] Future, string[] Static,
    string Forecast, string LowerBound, string UpperBound)
{
    /// <summary>The options that read the same columns, for <c>Data/LongFormPanel.Read</c>.</summary>
    public RecurrentForecasterOptions ToOptions() => new()
    {
        SeriesIdColumnName = SeriesId, TimeColumnName = Time, ValueColumnName = Value,
        PastCovariateColumnNames = Past, FutureCovariateColumnNames = Future, StaticCovariateColumnNames = Static,
    };
}
