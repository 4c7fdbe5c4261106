using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML;

namespace ReviewSentiment;

/// <summary>
/// The review sample's LSTM pipeline with each pooling method, fitted on 90% of the training reviews and compared on
/// the other 10% (the validation split); the method is chosen there, never on the test set, which is scored for every
/// method only to report it.
/// </summary>
public static class PoolingComparison
{
    public sealed record Result(SequencePooling Pooling, double ValidationAccuracy, double TestAccuracy, double Seconds, ITransformer Model);

    /// <summary>Each method's result; <paramref name="validationRows"/> is the size of the validation split.</summary>
    public static List<Result> Run(MLContext mlContext, IDataView train, IDataView test, Func<SequencePooling, IEstimator<ITransformer>> pipeline,
        out int validationRows)
    {
        var split = mlContext.Data.TrainTestSplit(train, testFraction: 0.1, seed: 1);
        validationRows = split.TestSet.GetColumn<bool>(split.TestSet.Schema["Label"]).Count();
        int trainingRows = split.TrainSet.GetColumn<bool>(split.TrainSet.Schema["Label"]).Count();
        var results = new List<Result>();
        foreach (var pooling in Enum.GetValues<SequencePooling>())
        {
            Console.WriteLine($"Training: LSTM with {pooling} pooling on {trainingRows} reviews");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var model = pipeline(pooling).Fit(split.TrainSet);
            double seconds = clock.Elapsed.TotalSeconds;
            results.Add(new Result(pooling,
                mlContext.BinaryClassification.Evaluate(model.Transform(split.TestSet)).Accuracy,
                mlContext.BinaryClassification.Evaluate(model.Transform(test)).Accuracy, seconds, model));
        }
        return results;
    }
}
