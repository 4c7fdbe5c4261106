using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace RecurrentML.Quality;

/// <summary>
/// Every ML.NET pipeline of the study, in one place so that the recipe changes here only. The trainers are ML.NET's
/// SDCA on one thread: SDCA gives the same model on every run only on one thread. Each pipeline caches its features
/// before the trainer, which reads them many times, so the encoder encodes each row once.
/// </summary>
internal static class Pipelines
{
    /// <summary>The encoder's options as a user starts from them: the LSTM's defaults with only the columns named.
    /// The study measures these defaults; a <see cref="Candidates"/> entry changes them from here.</summary>
    public static RecurrentEncoderOptions EncoderOptions(string outputColumnName, string inputColumnName)
    {
        var options = RecurrentEncoderOptions.Create(RecurrentCell.Lstm);
        options.OutputColumnName = outputColumnName;
        options.InputColumnName = inputColumnName;
        options.LabelColumnName = "Label";
        return options;
    }

    /// <summary>The language model the pretrained method trains on each training part's texts before the encoder: the
    /// library's language-model defaults, which take the encoder's sizes.</summary>
    public static LanguageModelOptions Pretraining() => new();

    /// <summary>The pipeline of <paramref name="method"/> for <paramref name="data"/>'s kind, with
    /// <paramref name="candidate"/> applied.</summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, Method method, SetData data, Candidate candidate) =>
        (method, data.Kind) switch
        {
            (Method.NGrams, SetKind.Text) => mlContext.Transforms.Text.FeaturizeText("Features", "Text")
                .AppendCacheCheckpoint(mlContext)
                .Append(BinaryTrainer(mlContext)),
            (Method.Recurrent, SetKind.Text) => Tokens(mlContext, candidate)
                .Append(Encoder(mlContext, data, "Features", "Tokens", candidate))
                .AppendCacheCheckpoint(mlContext)
                .Append(BinaryTrainer(mlContext)),
            (Method.Pretrained, SetKind.Text) => Create(mlContext, Method.Recurrent, data, candidate with { ChangeOptions = o =>
            {
                candidate.ChangeOptions(o);
                o.LanguageModelPretraining ??= Pretraining();
            } }),
            (Method.RecurrentVectors, SetKind.Text) => Create(mlContext, Method.Recurrent, data, candidate.WithVectors()),
            (Method.CombinedVectors, SetKind.Text) => Create(mlContext, Method.Combined, data, candidate.WithVectors()),
            (Method.Combined, SetKind.Text) => mlContext.Transforms.Text.FeaturizeText("NgramFeatures", "Text")
                .Append(Tokens(mlContext, candidate))
                .Append(Encoder(mlContext, data, "Encoding", "Tokens", candidate with { ChangeOptions = o =>
                {
                    o.ScoreColumnName = "EncoderScore";
                    o.CrossFitFolds = CrossFitFolds;
                    candidate.ChangeOptions(o);
                } }))
                .Append(ScoreScaling(mlContext, candidate))
                .Append(mlContext.Transforms.Concatenate("Features", "NgramFeatures", "EncoderScore"))
                .AppendCacheCheckpoint(mlContext)
                .Append(BinaryTrainer(mlContext)),
            // The ML.NET pipeline without recurrence, as in samples/TimeSeriesClassification/RawVectorBaseline.cs.
            (Method.NGrams, SetKind.Series) => mlContext.Transforms.Conversion.MapValueToKey("Label")
                .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
                .AppendCacheCheckpoint(mlContext)
                .Append(MulticlassTrainer(mlContext, "Features")),
            (Method.Recurrent, SetKind.Series) => mlContext.Transforms.Conversion.MapValueToKey("Label")
                .Append(Encoder(mlContext, data, "Encoding", "Features", candidate))
                .AppendCacheCheckpoint(mlContext)
                .Append(MulticlassTrainer(mlContext, "Encoding")),
            _ => throw new ArgumentException($"{method.Name()} is not an ML.NET pipeline for {data.Kind} sets."),
        };

    /// <summary>The combination's recipe: the n-grams are joined with the encoder's score column, and the trainer
    /// learns from out-of-fold scores of the training rows, so it weighs the score by how it does on rows the encoder
    /// did not train on.</summary>
    public const int CrossFitFolds = 3;

    private static IEstimator<ITransformer> ScoreScaling(MLContext mlContext, Candidate candidate) => candidate.ScaleScore
        ? mlContext.Transforms.NormalizeMinMax("EncoderScore")
        : new EstimatorChain<ITransformer>();

    private static IEstimator<ITransformer> Tokens(MLContext mlContext, Candidate candidate) =>
        (candidate.NormalizeText
            ? mlContext.Transforms.Text.NormalizeText("Normalized", "Text", keepPunctuations: false)
                .Append(mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Normalized"))
            : (IEstimator<ITransformer>)mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text"))
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"));

    private static RecurrentEncoderEstimator Encoder(MLContext mlContext, SetData data, string outputColumnName, string inputColumnName,
        Candidate candidate)
    {
        var options = EncoderOptions(outputColumnName, inputColumnName);
        if (data.Kind == SetKind.Series) options.FeaturesPerStep = data.FeaturesPerStep;
        candidate.ChangeOptions(options);
        return mlContext.Transforms.RecurrentEncoder(options);
    }

    private static SdcaLogisticRegressionBinaryTrainer BinaryTrainer(MLContext mlContext) =>
        mlContext.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });

    private static SdcaMaximumEntropyMulticlassTrainer MulticlassTrainer(MLContext mlContext, string featureColumnName) =>
        mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            FeatureColumnName = featureColumnName,
            NumberOfThreads = 1,
        });
}
