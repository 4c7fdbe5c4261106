using RecurrentML;
using RecurrentML.Interop;

namespace Microsoft.ML;

/// <summary>The recurrent sequence tagger on <c>mlContext.MulticlassClassification.Trainers</c>: one tag per token.</summary>
public static class TaggerCatalog
{
    /// <summary>
    /// Trains a bidirectional LSTM-CRF tagger with character features that predicts one tag per token: reads a column of tokens (a vector of Text)
    /// and a label column with one tag key per token, and adds the predicted tags (a vector of keys) and each token's
    /// probability of every tag. The columns follow ML.NET's named-entity trainer: <c>Label</c> in, <c>PredictedLabel</c>
    /// out.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The tags: Vector&lt;Key&lt;UInt32&gt;&gt;, one key per token (MapValueToKey on the tag strings).</param>
    /// <param name="tokensColumnName">The tokens: Vector&lt;String&gt;.</param>
    /// <param name="predictedLabelColumnName">The column of predicted tags to add.</param>
    /// <param name="outputLayer">Softmax per token or a CRF over the sentence.</param>
    /// <param name="maxEpochs">Passes over the data; null chooses from the data size (see <see cref="RecurrentTrainingOptions.MaxEpochs"/>).</param>
    /// <example>
    /// <code>
    /// var train = mlContext.Data.LoadFromConllUFile("en_ewt-ud-train.conllu");
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Tags")
    ///     .Append(mlContext.MulticlassClassification.Trainers.RecurrentTagger())
    ///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedTags", "PredictedLabel"));
    /// </code>
    /// </example>
    public static RecurrentTaggerEstimator RecurrentTagger(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string tokensColumnName = "Tokens", string predictedLabelColumnName = "PredictedLabel",
        TaggerOutputLayer outputLayer = TaggerOutputLayer.Crf, int? maxEpochs = null) =>
        catalog.RecurrentTagger(new RecurrentTaggerOptions
        {
            LabelColumnName = labelColumnName, TokensColumnName = tokensColumnName, PredictedLabelColumnName = predictedLabelColumnName,
            OutputLayer = outputLayer, MaxEpochs = maxEpochs,
        });

    /// <summary>Trains a recurrent tagger with every option of <see cref="RecurrentTaggerOptions"/>.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentTaggerEstimator RecurrentTagger(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        RecurrentTaggerOptions options)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return new RecurrentTaggerEstimator(MlNetInternals.Environment(catalog), options);
    }
}
