using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecurrentML.Bench;

/// <summary>The benchmark's results: table rows for the markdown report, and every raw number for the JSON file.</summary>
internal sealed class BenchReport
{
    private sealed record Row(string Measure, string Name, string Value, string Target, bool? Met);

    private readonly List<Row> _rows = new();
    private readonly JsonObject _json = new();

    public BenchReport(BenchOptions options)
    {
        _json["date_utc"] = DateTime.UtcNow.ToString("u");
        _json["quick"] = options.Quick;
        _json["threads"] = options.Threads;
        _json["processor_count"] = Environment.ProcessorCount;
        _json["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    }

    /// <summary>Adds a table row; <paramref name="met"/> is null when the row has no target.</summary>
    public void Add(string measure, string name, string value, string target = "", bool? met = null)
    {
        _rows.Add(new Row(measure, name, value, target, met));
        Console.WriteLine($"  ({measure}) {name}: {value}{(target == "" ? "" : $"  [target {target}: {(met == true ? "met" : "NOT met")}]")}");
    }

    /// <summary>Stores raw results under <paramref name="key"/> in the JSON file.</summary>
    public void Record(string key, object value) => _json[key] = JsonSerializer.SerializeToNode(value);

    public string ToMarkdown()
    {
        var text = new StringBuilder("| # | measure | value | target | met |\n|---|---|---|---|---|\n");
        foreach (var row in _rows)
            text.Append($"| {row.Measure} | {row.Name} | {row.Value} | {row.Target} | {row.Met switch { true => "yes", false => "**no**", null => "" }} |\n");
        return text.ToString();
    }

    public void WriteJson(string path)
    {
        _json["table"] = new JsonArray(_rows.Select(r => (JsonNode)JsonSerializer.SerializeToNode(r)).ToArray());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, _json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
