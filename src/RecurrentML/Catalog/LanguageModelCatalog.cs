using RecurrentML;
using RecurrentML.Interop;

namespace Microsoft.ML;

/// <summary>
/// Recurrent language models on <c>mlContext.Transforms</c>: each trains on a column of token keys with no label, to
/// predict the next token, and gives a <see cref="LanguageModelTransformer"/> that generates text and can start an
/// encoder (<see cref="RecurrentEncoderOptions.PretrainedLanguageModel"/>).
/// </summary>
public static class LanguageModelCatalog
{
    /// <summary>Trains an LSTM language model on <paramref name="inputColumnName"/>'s rows, read in order, each followed
    /// by an end of row; <c>Transform</c> adds <paramref name="outputColumnName"/>, the text generated after each row's tokens.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the generated text column.</param>
    /// <param name="inputColumnName">Name of the token column: Vector&lt;Key&lt;UInt32&gt;&gt;, e.g. from MapValueToKey.</param>
    /// <param name="hiddenSize">Units per layer (and the embedding size, tied to the output layer).</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="maxEpochs">Passes over the text; null chooses from its size (see <see cref="RecurrentTrainingOptions.MaxEpochs"/>).</param>
    /// <param name="batchSize">Token streams read side by side per step.</param>
    /// <param name="learningRate">Adam's peak learning rate.</param>
    /// <example>
    /// <code>
    /// var pipeline = mlContext.Transforms.Text.NormalizeText("Text")
    ///     .Append(mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text"))
    ///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
    ///     .Append(mlContext.Transforms.LstmLanguageModel("Generated", "Tokens"));
    /// var model = pipeline.Fit(paragraphs);
    /// var language = model.LastTransformer;
    /// Console.WriteLine(language.Generate("she was"));
    /// </code>
    /// </example>
    public static LanguageModelEstimator LstmLanguageModel(this TransformsCatalog catalog, string outputColumnName = "Generated",
        string inputColumnName = "Tokens", int hiddenSize = 256, int numberOfLayers = 1, int? maxEpochs = null, int batchSize = 32,
        double learningRate = 3e-3) =>
        catalog.LanguageModel(Fill(RecurrentCell.Lstm, outputColumnName, inputColumnName, hiddenSize, numberOfLayers, maxEpochs, batchSize, learningRate));

    /// <summary>Trains a GRU language model; like <see cref="LstmLanguageModel"/>.</summary>
    /// <inheritdoc cref="LstmLanguageModel"/>
    public static LanguageModelEstimator GruLanguageModel(this TransformsCatalog catalog, string outputColumnName = "Generated",
        string inputColumnName = "Tokens", int hiddenSize = 256, int numberOfLayers = 1, int? maxEpochs = null, int batchSize = 32,
        double learningRate = 3e-3) =>
        catalog.LanguageModel(Fill(RecurrentCell.Gru, outputColumnName, inputColumnName, hiddenSize, numberOfLayers, maxEpochs, batchSize, learningRate));

    /// <summary>Trains a plain RNN language model; like <see cref="LstmLanguageModel"/>.</summary>
    /// <inheritdoc cref="LstmLanguageModel"/>
    public static LanguageModelEstimator RnnLanguageModel(this TransformsCatalog catalog, string outputColumnName = "Generated",
        string inputColumnName = "Tokens", int hiddenSize = 256, int numberOfLayers = 1, int? maxEpochs = null, int batchSize = 32,
        double learningRate = 3e-3) =>
        catalog.LanguageModel(Fill(RecurrentCell.Rnn, outputColumnName, inputColumnName, hiddenSize, numberOfLayers, maxEpochs, batchSize, learningRate));

    /// <summary>Trains a language model with every option of <see cref="LanguageModelOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static LanguageModelEstimator LanguageModel(this TransformsCatalog catalog, LanguageModelOptions options)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return new LanguageModelEstimator(MlNetInternals.Environment(catalog), options);
    }

    private static LanguageModelOptions Fill(RecurrentCell cell, string outputColumnName, string inputColumnName, int hiddenSize, int numberOfLayers,
        int? maxEpochs, int batchSize, double learningRate) => new()
    {
        Cell = cell,
        OutputColumnName = outputColumnName,
        InputColumnName = inputColumnName,
        HiddenSize = hiddenSize,
        EmbeddingSize = hiddenSize,
        NumberOfLayers = numberOfLayers,
        MaxEpochs = maxEpochs,
        BatchSize = batchSize,
        LearningRate = learningRate,
    };
}
