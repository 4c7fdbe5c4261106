using Microsoft.ML;

namespace RecurrentML.Bench;

/// <summary>The catalog estimator for a cell at the standard configuration, set up to do the same work as the train
/// step of measure (1): no validation split, no dropout, batches of 64 rows of at most 100 tokens.</summary>
internal static class StandardEncoder
{
    public static IEstimator<RecurrentEncoderTransformer> Create(MLContext mlContext, RecurrentCell cell, int threads,
        int maxSequenceLength = StandardConfig.Length, long? maxTrainingSteps = null)
    {
        var options = RecurrentEncoderOptions.Create(cell);
        options.OutputColumnName = "Features";
        options.InputColumnName = nameof(TokenRow.Tokens);
        options.HiddenSize = StandardConfig.Hidden;
        options.EmbeddingSize = StandardConfig.Embedding;
        options.BatchSize = StandardConfig.Batch;
        options.MaxSequenceLength = maxSequenceLength;
        options.MaxEpochs = 1;
        options.MaxTrainingSteps = maxTrainingSteps;
        options.ValidationFraction = 0;
        options.Dropout = 0;
        options.Seed = 1;
        options.NumberOfThreads = threads;
        return mlContext.Transforms.RecurrentEncoder(options);
    }
}
