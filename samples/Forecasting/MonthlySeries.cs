using System.Globalization;

namespace Forecasting;

/// <summary>A monthly series read from a <c>year, month, value</c> TSV file of <c>Data/</c>.</summary>
internal sealed record MonthlySeries(string Name, int StartYear, int StartMonth, double[] Values)
{
    public static MonthlySeries Load(string name, string path)
    {
        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var values = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        return new MonthlySeries(name, int.Parse(rows[0][0], CultureInfo.InvariantCulture), int.Parse(rows[0][1], CultureInfo.InvariantCulture), values);
    }

    /// <summary>The first <paramref name="count"/> values.</summary>
    public double[] Head(int count) => Values[..count];

    /// <summary>The decimal time of value <paramref name="index"/> (1959.0 is January 1959), for charts.</summary>
    public double Time(int index) => StartYear + (StartMonth - 1 + index) / 12.0;

    /// <summary>"1995-01" for value <paramref name="index"/>.</summary>
    public string Month(int index)
    {
        int months = StartMonth - 1 + index;
        return $"{StartYear + months / 12}-{months % 12 + 1:D2}";
    }
}
