// Usage: RecurrentML.ModelLoadCheck <model.zip> <texts.txt>
// Loads an ML.NET model zip whose pipeline reads a "Text" column, scores every line of the text file, and prints
// each row's Score and encoding ("Features"), one row per line, with round-trip float formatting.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

var mlContext = new MLContext();
var model = mlContext.Model.Load(args[0], out _);
var texts = File.ReadAllLines(args[1]).Select(line => new TextRow { Text = line });
var scored = model.Transform(mlContext.Data.LoadFromEnumerable(texts));
foreach (var row in mlContext.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false))
    Console.WriteLine(string.Join(' ', new[] { row.Score }.Concat(row.Features).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

internal sealed class TextRow
{
    public string Text { get; set; }
}

internal sealed class ScoredRow
{
    public float Score { get; set; }
    public float[] Features { get; set; }
}
