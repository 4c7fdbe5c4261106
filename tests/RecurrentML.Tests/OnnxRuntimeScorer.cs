using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RecurrentML.Tests;

/// <summary>Scores an exported model with ONNX Runtime. Results are keyed by ML.NET column name (the graph's output
/// names without ".output"), one float array per row; Boolean outputs read as 0 and 1.</summary>
internal sealed class OnnxRuntimeScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _columns;

    public OnnxRuntimeScorer(byte[] model, params string[] columns)
    {
        _session = new InferenceSession(model);
        _columns = columns;
    }

    public IReadOnlyList<string> InputNames => _session.InputMetadata.Keys.ToList();

    /// <summary>Scores rows of equal length in one call: a [rows, width] tensor.</summary>
    public List<Dictionary<string, float[]>> ScoreRows<T>(string input, IReadOnlyList<T[]> rows)
    {
        int width = rows[0].Length;
        if (rows.Any(r => r.Length != width)) throw new ArgumentException("Rows scored together must have equal lengths.", nameof(rows));
        var tensor = new DenseTensor<T>(rows.SelectMany(r => r).ToArray(), new[] { rows.Count, width });
        return Run(NamedOnnxValue.CreateFromTensor(input, tensor), rows.Count);
    }

    public Dictionary<string, float[]> ScoreRow<T>(string input, T[] row) => ScoreRows(input, new[] { row })[0];

    public Dictionary<string, float[]> ScoreText(string input, string text) =>
        Run(NamedOnnxValue.CreateFromTensor(input, new DenseTensor<string>(new[] { text }, new[] { 1, 1 })), 1)[0];

    private List<Dictionary<string, float[]>> Run(NamedOnnxValue input, int rows)
    {
        using var results = _session.Run(new[] { input }, _columns.Select(c => c + ".output").ToArray());
        var byRow = Enumerable.Range(0, rows).Select(_ => new Dictionary<string, float[]>()).ToList();
        foreach (var result in results)
        {
            float[] values = result.Value is DenseTensor<bool> flags
                ? flags.ToArray().Select(f => f ? 1f : 0f).ToArray()
                : result.AsTensor<float>().ToArray();
            int width = values.Length / rows;
            string column = result.Name[..^".output".Length];
            for (int i = 0; i < rows; i++) byRow[i][column] = values.AsSpan(i * width, width).ToArray();
        }
        return byRow;
    }

    public void Dispose() => _session.Dispose();
}
