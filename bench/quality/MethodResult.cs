namespace RecurrentML.Quality;

/// <summary>One method on one set's test part: accuracy and Fit wall-clock seconds, or why it did not run.</summary>
internal sealed record MethodResult(double Accuracy, double Seconds, string NotRunReason = null)
{
    public static MethodResult NotRun(string reason) => new(double.NaN, double.NaN, reason);

    public bool Ran => NotRunReason == null;

    public override string ToString() => Ran ? $"accuracy {Accuracy:F3}, fit {Seconds:F1} s" : $"not run ({NotRunReason})";
}
