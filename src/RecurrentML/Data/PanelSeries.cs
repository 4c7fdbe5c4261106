namespace RecurrentML.Data;

/// <summary>One series of a long-form panel, its rows sorted by time: the observed values first, then any rows whose
/// value is missing (the steps to forecast, carrying future covariates).</summary>
/// <param name="Id">The series' id as text.</param>
/// <param name="FirstTime">The time step of row 0; row t is step FirstTime + t.</param>
/// <param name="Values">Every row's value; NaN on the rows after the last observed one.</param>
/// <param name="Observed">How many rows, from the first, have a value.</param>
/// <param name="Past">Past covariates per row and column (NaN allowed after the observed rows).</param>
/// <param name="Future">Future covariates per row and column.</param>
/// <param name="StaticText">Text static covariates, by column (null where the column is numeric).</param>
/// <param name="StaticNumbers">Numeric static covariates, by column (NaN where the column is text).</param>
internal sealed record PanelSeries(string Id, long FirstTime, double[] Values, int Observed, float[][] Past, float[][] Future,
    string[] StaticText, double[] StaticNumbers)
{
    public int Rows => Values.Length;

    /// <summary>The series cut after its first <paramref name="observed"/> values, keeping <paramref name="futureRows"/>
    /// rows after them with their value hidden (for a backtest's origin).</summary>
    public PanelSeries Cut(int observed, int futureRows)
    {
        int rows = Math.Min(Rows, observed + futureRows);
        var values = Values[..rows];
        for (int t = observed; t < rows; t++) values[t] = double.NaN;
        return this with { Values = values, Observed = observed, Past = Past[..rows], Future = Future[..rows] };
    }
}
