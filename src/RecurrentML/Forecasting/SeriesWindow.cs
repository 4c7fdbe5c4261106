namespace RecurrentML.Forecasting;

/// <summary>
/// One row made by <see cref="SeriesWindowing"/>: a window of a series as model features and the value after it as the
/// label, both in the windowing's transformed units. Load rows with <see cref="SeriesWindowing.SchemaDefinition"/>,
/// which gives <see cref="Features"/> its known size.
/// </summary>
public sealed class SeriesWindow
{
    /// <summary>The window's <see cref="SeriesWindowing.WindowSize"/> transformed values, oldest first.</summary>
    public float[] Features { get; set; }

    /// <summary>The transformed value that follows the window (with <see cref="SeriesWindowing.RelativeToLastValue"/>,
    /// its difference from the window's last value); 0 for a window scored to forecast.</summary>
    public float Label { get; set; }
}
