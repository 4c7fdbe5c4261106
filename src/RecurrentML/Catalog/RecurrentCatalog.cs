using RecurrentML;
using RecurrentML.Interop;
using RecurrentML.Training;

namespace Microsoft.ML;

/// <summary>
/// Recurrent sequence encoders on <c>mlContext.Transforms</c>: <see cref="Lstm(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>,
/// <see cref="Gru(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/> and
/// <see cref="Rnn(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>.
/// Each trains on a labelled column of sequences and adds a fixed-length encoding that any ML.NET trainer can use.
/// </summary>
public static class RecurrentCatalog
{
    /// <summary>
    /// Trains an LSTM encoder: reads each row's sequence (token keys through a learned embedding, or float steps),
    /// and outputs a vector of <paramref name="hiddenSize"/> floats (twice that when bidirectional).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the encoding column to add.</param>
    /// <param name="inputColumnName">Name of the sequence column: Vector&lt;Key&lt;UInt32&gt;&gt; or Vector&lt;Single&gt;. Null means
    /// <paramref name="outputColumnName"/>.</param>
    /// <param name="labelColumnName">The label that trains the encoder: Boolean, Key or Single.</param>
    /// <param name="hiddenSize">Units per layer and direction.</param>
    /// <param name="numberOfLayers">Stacked layers.</param>
    /// <param name="bidirectional">Whether each layer also reads backwards.</param>
    /// <param name="maxEpochs">Passes over the data (training stops earlier when the validation accuracy stops improving);
    /// null chooses from the data size (see <see cref="RecurrentTrainingOptions.MaxEpochs"/>).</param>
    /// <param name="batchSize">Rows per training step.</param>
    /// <param name="learningRate">Adam's peak learning rate (see <see cref="RecurrentTrainingOptions.Schedule"/>).</param>
    /// <example>
    /// <code>
    /// var pipeline = mlContext.Transforms.Text.TokenizeIntoWords("Tokens", "Text")
    ///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
    ///     .Append(mlContext.Transforms.Lstm("Features", "Tokens", labelColumnName: "Label"))
    ///     .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression());
    /// </code>
    /// </example>
    public static RecurrentEncoderEstimator Lstm(this TransformsCatalog catalog, string outputColumnName, string inputColumnName = null,
        string labelColumnName = "Label", int hiddenSize = 128, int numberOfLayers = 1, bool bidirectional = false,
        int? maxEpochs = null, int batchSize = 32, double learningRate = 1e-2) =>
        catalog.Lstm(Fill(new LstmOptions(), outputColumnName, inputColumnName, labelColumnName, hiddenSize, numberOfLayers, bidirectional, maxEpochs, batchSize, learningRate));

    /// <summary>Trains an LSTM encoder with every option of <see cref="LstmOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentEncoderEstimator Lstm(this TransformsCatalog catalog, LstmOptions options) => Create(catalog, options);

    /// <summary>
    /// Trains a GRU encoder: like <see cref="Lstm(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>
    /// with update and reset gates over a single hidden state.
    /// </summary>
    /// <inheritdoc cref="Lstm(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>
    public static RecurrentEncoderEstimator Gru(this TransformsCatalog catalog, string outputColumnName, string inputColumnName = null,
        string labelColumnName = "Label", int hiddenSize = 128, int numberOfLayers = 1, bool bidirectional = false,
        int? maxEpochs = null, int batchSize = 32, double learningRate = 1e-2) =>
        catalog.Gru(Fill(new GruOptions(), outputColumnName, inputColumnName, labelColumnName, hiddenSize, numberOfLayers, bidirectional, maxEpochs, batchSize, learningRate));

    /// <summary>Trains a GRU encoder with every option of <see cref="GruOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentEncoderEstimator Gru(this TransformsCatalog catalog, GruOptions options) => Create(catalog, options);

    /// <summary>
    /// Trains a plain (Elman) RNN encoder: like <see cref="Lstm(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>
    /// with a single tanh (or relu) layer over the previous hidden state and the input.
    /// </summary>
    /// <inheritdoc cref="Lstm(TransformsCatalog, string, string, string, int, int, bool, int?, int, double)"/>
    public static RecurrentEncoderEstimator Rnn(this TransformsCatalog catalog, string outputColumnName, string inputColumnName = null,
        string labelColumnName = "Label", int hiddenSize = 128, int numberOfLayers = 1, bool bidirectional = false,
        int? maxEpochs = null, int batchSize = 32, double learningRate = 1e-2) =>
        catalog.Rnn(Fill(new RnnOptions(), outputColumnName, inputColumnName, labelColumnName, hiddenSize, numberOfLayers, bidirectional, maxEpochs, batchSize, learningRate));

    /// <summary>Trains a plain RNN encoder with every option of <see cref="RnnOptions"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    public static RecurrentEncoderEstimator Rnn(this TransformsCatalog catalog, RnnOptions options) => Create(catalog, options);

    /// <summary>Trains the encoder of whichever cell <paramref name="options"/> are for (<see cref="LstmOptions"/>,
    /// <see cref="GruOptions"/> or <see cref="RnnOptions"/>); with <see cref="RecurrentEncoderOptions.Create"/>, for code
    /// that tries each cell.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked here, read at <c>Fit</c>.</param>
    /// <example>
    /// <code>
    /// foreach (var cell in Enum.GetValues&lt;RecurrentCell&gt;())
    /// {
    ///     var options = RecurrentEncoderOptions.Create(cell);
    ///     options.InputColumnName = "Features";
    ///     var encoder = mlContext.Transforms.RecurrentEncoder(options);
    /// }
    /// </code>
    /// </example>
    public static RecurrentEncoderEstimator RecurrentEncoder(this TransformsCatalog catalog, RecurrentEncoderOptions options) => Create(catalog, options);

    /// <summary>
    /// Tries the cells and poolings for the user, as people otherwise do by hand: in Fit, each combination of
    /// <paramref name="cells"/> and <paramref name="poolings"/> (in that order) is cross-validated on the training rows
    /// with <paramref name="folds"/> folds, the table is logged and kept in
    /// <see cref="RecurrentEncoderTransformer.Candidates"/>, and the best by the held-out metric (accuracy, or mean
    /// absolute error for a Single label) is trained on all rows with the rest of <paramref name="options"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">Every option but the cell and pooling, which the search chooses. The options of one class
    /// apply to every cell that has them: an <see cref="RnnOptions"/>' nonlinearity to the RNN candidates only; an
    /// <see cref="LstmOptions"/>' or <see cref="GruOptions"/>' gate initialisation to the LSTM and GRU candidates alike,
    /// while with <see cref="RnnOptions"/> those start from torch's uniform biases
    /// (<see cref="GateInitialization.Uniform"/>), not the gated options' default chrono. Options with a pretrained
    /// language model are refused (<see cref="ArgumentException"/>): it fixes the cell.</param>
    /// <param name="cells">Cells to try; null tries LSTM, GRU and RNN.</param>
    /// <param name="poolings">Poolings to try; null tries Last, Max and Mean.</param>
    /// <param name="folds">Cross-validation folds, 2 to 20. With <see cref="RecurrentEncoderOptions.CrossFitFolds"/> equal to
    /// it, the winner's folds give the out-of-fold encodings and are not trained again.</param>
    /// <param name="timeBudget">Candidates start only while the time spent and one more candidate's mean time fit in
    /// it (the first always runs); null tries them all.</param>
    /// <example>
    /// <code>
    /// var options = RecurrentEncoderOptions.Create(RecurrentCell.Lstm);
    /// options.InputColumnName = "Tokens";
    /// var encoder = mlContext.Transforms.SelectRecurrentEncoder(options, timeBudget: TimeSpan.FromMinutes(10));
    /// </code>
    /// </example>
    public static RecurrentEncoderEstimator SelectRecurrentEncoder(this TransformsCatalog catalog, RecurrentEncoderOptions options,
        IEnumerable<RecurrentCell> cells = null, IEnumerable<SequencePooling> poolings = null, int folds = 3, TimeSpan? timeBudget = null)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        var cellList = (cells ?? Enum.GetValues<RecurrentCell>()).ToList();
        var poolingList = (poolings ?? new[] { SequencePooling.Last, SequencePooling.Max, SequencePooling.Mean }).ToList();
        if (cellList.Count == 0 || cellList.Any(c => !Enum.IsDefined(c)))
            throw new ArgumentOutOfRangeException(nameof(cells), $"cells is [{string.Join(", ", cellList)}]; expected one or more of {string.Join(", ", Enum.GetNames<RecurrentCell>())}.");
        if (poolingList.Count == 0 || poolingList.Any(p => !Enum.IsDefined(p)))
            throw new ArgumentOutOfRangeException(nameof(poolings), $"poolings is [{string.Join(", ", poolingList)}]; expected one or more of {string.Join(", ", Enum.GetNames<SequencePooling>())}.");
        if (folds < 2 || folds > 20) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"folds is {folds}; expected an integer from 2 to 20.");
        if (timeBudget is TimeSpan budget && budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeBudget), budget, $"timeBudget is {budget}; expected a positive time span, or null for no limit.");
        return new RecurrentEncoderEstimator(MlNetInternals.Environment(catalog), options, new CandidateSearch(cellList, poolingList, folds, timeBudget));
    }

    private static RecurrentEncoderEstimator Create(TransformsCatalog catalog, RecurrentEncoderOptions options)
    {
        if (catalog == null) throw new ArgumentNullException(nameof(catalog));
        return new RecurrentEncoderEstimator(MlNetInternals.Environment(catalog), options);
    }

    private static T Fill<T>(T options, string outputColumnName, string inputColumnName, string labelColumnName, int hiddenSize,
        int numberOfLayers, bool bidirectional, int? maxEpochs, int batchSize, double learningRate) where T : RecurrentEncoderOptions
    {
        options.OutputColumnName = outputColumnName;
        options.InputColumnName = inputColumnName;
        options.LabelColumnName = labelColumnName;
        options.HiddenSize = hiddenSize;
        options.NumberOfLayers = numberOfLayers;
        options.Bidirectional = bidirectional;
        options.MaxEpochs = maxEpochs;
        options.BatchSize = batchSize;
        options.LearningRate = learningRate;
        return options;
    }
}
