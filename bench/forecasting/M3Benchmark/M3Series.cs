using System.Globalization;

/// <summary>One series of the M3 competition's monthly set, as `M3Month.csv` holds it: its name, category, first month
/// (year and month; 0 and 0 in 29 series whose start the workbook does not give) and values (the last
/// <see cref="Horizon"/> are the competition's test).</summary>
internal sealed record M3Series(string Name, string Category, int StartYear, int StartMonth, double[] Values)
{
    public const int Horizon = 18;

    /// <summary>The month index of value 0 (year × 12 + month − 1), the time the global model reads the season from;
    /// series without a start begin at 0.</summary>
    public long FirstTime => StartYear > 0 && StartMonth >= 1 ? StartYear * 12L + StartMonth - 1 : 0;

    /// <summary>Every series of the file: `Series,N,NF,Category,Starting Year,Starting Month,1..N`. A line whose
    /// count, horizon or values are wrong is an error naming the file and the line.</summary>
    public static List<M3Series> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist. It is the M3 monthly sheet exported as CSV (bench/forecasting/README.md says where it comes from); pass its path.");
        var series = new List<M3Series>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (number == 1) continue;
            var fields = line.Split(',');
            string Where() => $"{path}, line {number}";
            if (fields.Length < 6 || !int.TryParse(fields[1], out int count) || !int.TryParse(fields[2], out int horizon)
                || !int.TryParse(fields[4], out int year) || !int.TryParse(fields[5], out int month))
                throw new InvalidDataException($"{Where()}: expected Series,N,NF,Category,Starting Year,Starting Month and N values.");
            if (horizon != Horizon) throw new InvalidDataException($"{Where()}: NF is {horizon}; the monthly set's horizon is {Horizon}.");
            var values = fields.Skip(6).Where(f => f.Length > 0).Select(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN).ToArray();
            if (values.Length != count || values.Any(v => !double.IsFinite(v)))
                throw new InvalidDataException($"{Where()}: expected N = {count} numbers, found {values.Count(double.IsFinite)} numbers among {values.Length} fields.");
            series.Add(new M3Series(fields[0], fields[3].Trim(), year, month, values));
        }
        return series;
    }
}
