using System.Diagnostics;
using System.Globalization;

namespace Forecasting;

/// <summary>R's forecast::ets and forecast::auto.arima forecasts, from <c>reference/forecast_reference.R</c>.</summary>
internal static class ReferenceForecasts
{
    public static readonly string[] Methods = { "ets", "auto.arima" };

    /// <summary>Runs the script with Rscript; returns (series, method) → forecast, or null with the reason when R or its
    /// forecast package is not available.</summary>
    /// <param name="validation">Drop each series' last <c>horizon</c> months first, as the sample's validation split.</param>
    public static (Dictionary<(string Series, string Method), Forecast> Forecasts, string Problem) Run(string project, string dataFolder, string output,
        bool validation, IEnumerable<(string Name, int Horizon)> series)
    {
        string rscript = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "Rscript")).FirstOrDefault(File.Exists);
        if (rscript == null)
            return (null, "Rscript is not on PATH; install R and its forecast package (Debian/Ubuntu: apt-get install r-cran-forecast) to add the ets and auto.arima rows.");
        var start = new ProcessStartInfo(rscript) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(project, "reference", "forecast_reference.R"), dataFolder, output })
            start.ArgumentList.Add(argument);
        if (validation) start.ArgumentList.Add("--validation");
        foreach (var (name, horizon) in series) start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"{name}:{horizon}"));
        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        string standardOutput = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            return (null, $"Rscript failed (exit code {process.ExitCode}): {standardError.Result.Trim()} Install the forecast package with apt-get install r-cran-forecast.");
        Console.Write(standardOutput);
        return (Read(output), null);
    }

    private static Dictionary<(string, string), Forecast> Read(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => (f[0], f[1]))
            .ToDictionary(g => g.Key, g =>
            {
                var rows = g.OrderBy(f => int.Parse(f[2], CultureInfo.InvariantCulture)).ToList();
                double[] Column(int i) => rows.Select(f => double.Parse(f[i], CultureInfo.InvariantCulture)).ToArray();
                return new Forecast(Column(3), Column(4), Column(5));
            });
}

/// <summary>A point forecast with optional 95% interval ends (null for a method without intervals).</summary>
internal sealed record Forecast(double[] Point, double[] Lower, double[] Upper);
