using Microsoft.ML;
using Microsoft.ML.Data;

namespace TimeSeriesClassification;

/// <summary>One case of a <c>.ts</c> file as plain arrays, for the references computed outside ML.NET.</summary>
internal sealed record LabelledSeries(float[] Values, string Label)
{
    public static IReadOnlyList<LabelledSeries> Read(IDataView data)
    {
        var values = data.GetColumn<float[]>("Features").ToList();
        var labels = data.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).ToList();
        return values.Zip(labels, (v, l) => new LabelledSeries(v, l)).ToList();
    }
}
