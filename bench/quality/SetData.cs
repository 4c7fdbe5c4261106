using Microsoft.ML;

namespace RecurrentML.Quality;

/// <summary>What a set's rows are: texts with a Boolean label, or float series with a class label.</summary>
internal enum SetKind
{
    Text,
    Series,
}

/// <summary>
/// A set loaded: its train and test rows as ML.NET data views, and how accuracy is measured on them (binary for
/// texts; multiclass micro-accuracy for series, whose Text label the pipelines map to keys).
/// </summary>
/// <param name="Test">The test part; null for a set measured by cross-validation on its rows only.</param>
/// <param name="FeaturesPerStep">Series: floats per time step (the file's dimensions); 1 for texts.</param>
internal sealed record SetData(SetKind Kind, IDataView Train, IDataView Test, int FeaturesPerStep)
{
    public static SetData FromText(MLContext mlContext, IReadOnlyList<TextRow> train, IReadOnlyList<TextRow> test) =>
        new(SetKind.Text, mlContext.Data.LoadFromEnumerable(train), test == null ? null : mlContext.Data.LoadFromEnumerable(test), 1);

    public static SetData FromTsFiles(MLContext mlContext, string trainPath, string testPath)
    {
        var train = mlContext.Data.LoadFromTsFile(trainPath);
        var test = mlContext.Data.LoadFromTsFile(testPath);
        if (test.Dimensions != train.Dimensions)
            throw new InvalidDataException($"{testPath} has {test.Dimensions} dimensions, but {trainPath} has {train.Dimensions}.");
        return new(SetKind.Series, train, test, train.Dimensions);
    }

    public long TrainRows => Train.GetRowCount() ?? throw new InvalidOperationException("The training rows have no known count.");

    public long? TestRows => Test?.GetRowCount();

    public double Accuracy(MLContext mlContext, IDataView scored) => Kind == SetKind.Text
        ? mlContext.BinaryClassification.Evaluate(scored).Accuracy
        : mlContext.MulticlassClassification.Evaluate(scored).MicroAccuracy;

    /// <summary>Each fold's accuracy of ML.NET's k-fold cross-validation on the training rows (the test part is never read).</summary>
    public IReadOnlyList<double> CrossValidate(MLContext mlContext, IEstimator<ITransformer> pipeline, int folds, int seed) => Kind == SetKind.Text
        ? mlContext.BinaryClassification.CrossValidate(Train, pipeline, folds, seed: seed).Select(f => f.Metrics.Accuracy).ToList()
        : mlContext.MulticlassClassification.CrossValidate(Train, pipeline, folds, seed: seed).Select(f => f.Metrics.MicroAccuracy).ToList();
}
