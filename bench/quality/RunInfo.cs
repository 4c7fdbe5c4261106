using System.Globalization;
using System.Runtime.InteropServices;

namespace RecurrentML.Quality;

/// <summary>When and on what a run happened, written beside its results: fit times compare only within one machine.</summary>
internal sealed record RunInfo(string Date, int Processors, string OperatingSystem, string Runtime)
{
    public static RunInfo Now() => new(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Date}; {Processors} logical processors (Environment.ProcessorCount), {OperatingSystem}, {Runtime}";
}
