using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace TimeSeriesClassification;

/// <summary>
/// The ML.NET pipeline without recurrence: the raw series vector straight into a multiclass trainer. ML.NET trainers
/// need a vector of known size, and an unequal-length set's <c>Features</c> column has none (LightGbm and SDCA refuse
/// it at Fit), so unequal-length cases are zero-padded at the end to the longest training case, and longer test cases
/// cut to it: the usual fix, which puts step t of every case in input t whether or not the cases are aligned.
/// </summary>
internal static class RawVectorBaseline
{
    public static IReadOnlyList<(string Method, double Accuracy)> Evaluate(MLContext mlContext, IReadOnlyList<LabelledSeries> train,
        IReadOnlyList<LabelledSeries> test)
    {
        int size = train.Max(s => s.Values.Length);
        IDataView Rows(IReadOnlyList<LabelledSeries> cases)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            return mlContext.Data.LoadFromEnumerable(cases.Select(c => new Row { Features = Fit(c.Values, size), Label = c.Label }).ToList(), schema);
        }
        var trainRows = Rows(train);
        var testRows = Rows(test);
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label");
        var trainers = new (string Method, IEstimator<ITransformer> Pipeline)[]
        {
            ("LightGbm on the raw vector", keys.Append(mlContext.MulticlassClassification.Trainers.LightGbm(
                new LightGbmMulticlassTrainer.Options { NumberOfThreads = 1 }))),
            ("SdcaMaximumEntropy on the raw vector", keys.Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
                .AppendCacheCheckpoint(mlContext).Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(
                    new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))),
        };
        return trainers.Select(t => (t.Method, mlContext.MulticlassClassification.Evaluate(t.Pipeline.Fit(trainRows).Transform(testRows)).MicroAccuracy))
            .ToList();
    }

    private static float[] Fit(float[] values, int size)
    {
        var fitted = new float[size];
        Array.Copy(values, fitted, Math.Min(size, values.Length));
        return fitted;
    }

    private sealed class Row
    {
        public float[] Features { get; set; }
        public string Label { get; set; }
    }
}
