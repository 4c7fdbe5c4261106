namespace RecurrentML.Forecasting;

/// <summary>Running sums of forecast errors, turned into a <see cref="ForecastAccuracy"/> at the end.</summary>
internal sealed class AccuracySums
{
    private double _symmetric, _scaled, _squared;
    private int _points, _scaledPoints, _covered;

    /// <param name="actual">What happened.</param>
    /// <param name="forecast">The point forecast.</param>
    /// <param name="lower">The interval's lower end.</param>
    /// <param name="upper">The interval's upper end.</param>
    /// <param name="scale">MASE's scale, the history's mean absolute seasonal difference; 0 leaves the value out of MASE.</param>
    public void Add(double actual, double forecast, double lower, double upper, double scale)
    {
        double error = Math.Abs(actual - forecast), magnitude = Math.Abs(actual) + Math.Abs(forecast);
        _symmetric += magnitude == 0 ? 0 : 200 * error / magnitude;
        if (scale > 0)
        {
            _scaled += error / scale;
            _scaledPoints++;
        }
        _squared += error * error;
        if (actual >= lower && actual <= upper) _covered++;
        _points++;
    }

    public int Points => _points;

    public ForecastAccuracy Result() => new(_symmetric / _points, _scaledPoints == 0 ? double.NaN : _scaled / _scaledPoints,
        Math.Sqrt(_squared / _points), (double)_covered / _points, _points);
}
