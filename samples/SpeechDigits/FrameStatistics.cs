using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SpeechDigits;

/// <summary>
/// The reference without recurrence: each feature's mean and standard deviation over a recording's frames (the same
/// MFCC frames the recurrent pipeline reads), into ML.NET's SdcaMaximumEntropy. Order of the frames is lost, which is
/// what the comparison measures.
/// </summary>
internal static class FrameStatistics
{
    public sealed class Row
    {
        public string Label { get; set; } = "";
        public float[] Statistics { get; set; } = [];
    }

    /// <summary>The rows as a data view whose Statistics column has its known size (the normaliser needs it).</summary>
    public static IDataView Load(MLContext mlContext, IEnumerable<Row> rows, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Statistics)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2 * width);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Each recording's frames (<paramref name="frames"/>, <paramref name="width"/> values per frame) summarised.</summary>
    public static List<Row> Compute(IReadOnlyList<Recording> recordings, IReadOnlyList<float[]> frames, int width) =>
        frames.Zip(recordings, (values, recording) =>
        {
            int count = values.Length / width;
            var statistics = new float[2 * width];
            for (int c = 0; c < width; c++)
            {
                double mean = 0, square = 0;
                for (int f = 0; f < count; f++) { double v = values[f * width + c]; mean += v; square += v * v; }
                mean /= count;
                statistics[c] = (float)mean;
                statistics[width + c] = (float)Math.Sqrt(Math.Max(0, square / count - mean * mean));
            }
            return new Row { Label = recording.Label, Statistics = statistics };
        }).ToList();

    public static IEstimator<ITransformer> Pipeline(MLContext mlContext) =>
        mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.NormalizeMeanVariance("Statistics"))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                FeatureColumnName = "Statistics",
                NumberOfThreads = 1,
            }));
}
