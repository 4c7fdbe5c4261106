using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using RecurrentML.Data;
using RecurrentML.Inputs;
using RecurrentML.Encoders;
using RecurrentML.Interop;
using RecurrentML.Model;
using RecurrentML.Network;
using RecurrentML.Targets;
using RecurrentML.Training;

namespace RecurrentML;

/// <summary>
/// Trains an LSTM, GRU or RNN sequence encoder on a labelled column of sequences and returns a
/// <see cref="RecurrentEncoderTransformer"/> that adds each row's encoding. Created by <c>mlContext.Transforms.Lstm</c>,
/// <c>Gru</c> or <c>Rnn</c>. The constructor only checks and stores the options; <see cref="Fit"/> does the work.
/// </summary>
public sealed class RecurrentEncoderEstimator : IEstimator<RecurrentEncoderTransformer>
{
    private readonly IHost _host;
    private readonly RecurrentEncoderOptions _options;
    private readonly CandidateSearch _search;

    // search: cells and poolings to cross-validate in Fit, the best replacing the options' cell and pooling; null
    // trains the options as they are.
    internal RecurrentEncoderEstimator(IHostEnvironment environment, RecurrentEncoderOptions options, CandidateSearch search = null)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        options.Validate();
        if (search != null && (options.PretrainedLanguageModel != null || options.LanguageModelPretraining != null))
            throw new ArgumentException("SelectRecurrentEncoder chooses the cell, but a pretrained language model fixes it; fit the encoder of the " +
                "language model's cell with Lstm, Gru or Rnn instead.", nameof(options));
        _host = environment.Register(nameof(RecurrentEncoderEstimator));
        _options = options;
        _search = search;
    }

    private string InputColumnName => _options.InputColumnName ?? _options.OutputColumnName;

    /// <summary>Checks that the input and label columns exist with supported types, and adds the encoding column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var input = inputSchema.FirstOrDefault(c => c.Name == InputColumnName);
        if (input.Name == null)
            throw MissingColumn.Error(nameof(inputSchema), "Input", InputColumnName, MissingColumn.InputOption, inputSchema.Select(c => c.Name));
        bool tokens = input.IsKey && input.ItemType == NumberDataViewType.UInt32;
        bool floats = !input.IsKey && input.ItemType == NumberDataViewType.Single;
        if (input.Kind == SchemaShape.Column.VectorKind.Scalar || !(tokens || floats))
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Input column '{InputColumnName}' has type {MlNetInternals.TypeName(input)}; expected Vector<Key<UInt32>> (token ids, e.g. from MapValueToKey) or Vector<Single>.");
        var label = inputSchema.FirstOrDefault(c => c.Name == _options.LabelColumnName);
        if (label.Name == null)
            throw MissingColumn.Error(nameof(inputSchema), "Label", _options.LabelColumnName, MissingColumn.LabelOption, inputSchema.Select(c => c.Name));
        bool supportedLabel = label.Kind == SchemaShape.Column.VectorKind.Scalar &&
            ((!label.IsKey && (label.ItemType == BooleanDataViewType.Instance || label.ItemType == NumberDataViewType.Single)) ||
             (label.IsKey && label.ItemType == NumberDataViewType.UInt32));
        if (!supportedLabel)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Label column '{_options.LabelColumnName}' has type {MlNetInternals.TypeName(label)}; expected Boolean (binary), Key<UInt32> (multiclass, e.g. from MapValueToKey) or Single (regression).");
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_options.OutputColumnName] = MlNetInternals.FloatVectorColumn(_options.OutputColumnName);
        if (_options.AttentionWeightsColumnName is { } weights) columns[weights] = MlNetInternals.FloatVectorColumn(weights);
        if (_options.ScoreColumnName is { } scores) columns[scores] = MlNetInternals.FloatVectorColumn(scores);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Reads the training rows, trains the encoder (with a linear head for the label's objective, whose
    /// weights give the optional score column) and returns the fitted transformer.</summary>
    public RecurrentEncoderTransformer Fit(IDataView input) => FitCore(input, gradientProbe: null).Encoder;

    /// <summary>Fits like <see cref="Fit(IDataView)"/> and measures the gradient flow (see <see cref="GradientFlowReport"/>)
    /// on the rows of <paramref name="gradientProbe"/>, which needs the same input and label columns, after
    /// initialisation and after training. Keep the probe small: all its rows form one batch.</summary>
    public (RecurrentEncoderTransformer Encoder, GradientFlowReport GradientFlow) FitWithGradientFlow(IDataView input, IDataView gradientProbe)
    {
        if (gradientProbe == null) throw new ArgumentNullException(nameof(gradientProbe));
        return FitCore(input, gradientProbe);
    }

    private (RecurrentEncoderTransformer Encoder, GradientFlowReport GradientFlow) FitCore(IDataView input, IDataView gradientProbe)
    {
        if (input == null) throw new ArgumentNullException(nameof(input));
        var settings = _options.ToSettings(_host,
            (_options as GatedEncoderOptions)?.GateInitialization ?? GateInitialization.Uniform,
            (_options as GatedEncoderOptions)?.ChronoMaxTimescale ?? Math.Max(3, _options.MaxSequenceLength));
        settings.Cancellation.ThrowIfCancelled();
        var inputColumn = input.Schema.GetColumnOrNull(InputColumnName)
            ?? throw MissingColumn.Error(nameof(input), "Input", InputColumnName, MissingColumn.InputOption, input.Schema);
        var labelColumn = input.Schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw MissingColumn.Error(nameof(input), "Label", _options.LabelColumnName, MissingColumn.LabelOption, input.Schema);
        var sequence = InputKind.FormatOfColumn(InputColumnName, inputColumn.Type, _options.FeaturesPerStep, _options.MaxSequenceLength, _options.Truncation);
        var inputKind = InputKind.Of(sequence);
        var label = RowLabel.FromColumn(_options.LabelColumnName, labelColumn.Type);

        using var channel = _host.Start("Training recurrent encoder");
        var device = TorchDevice.Select(_host, channel);
        var (store, rowIds, skipped) = TrainingDataReader.Read(input, inputColumn, sequence, labelColumn, label.ValueGetter);
        if (skipped > 0) channel.LogWarning($"Skipped {skipped} rows whose label '{_options.LabelColumnName}' is missing.");
        if (store.Count == 0)
            throw new InvalidOperationException($"No training rows: the data has no row with a label in '{_options.LabelColumnName}'.");
        label.CheckTrainingLabels(Enumerable.Range(0, store.Count).Select(store.Label).ToList(), labelColumn);
        sequence = inputKind.Prepare(sequence, store, _options.StandardizeFeatures);
        var probe = gradientProbe == null ? null : new GradientProbe(ReadProbe(gradientProbe, sequence, label));
        var wordVectors = _options.WordVectors is { } vectorFile ? ReadWordVectors(vectorFile, inputColumn, sequence, store, channel) : null;
        if (wordVectors != null) settings = settings with { WordVectors = wordVectors };

        var shape = new NetworkShape(
            _options.Cell,
            inputKind.EmbeddingRows(sequence),
            inputKind.InputSize(sequence, wordVectors?.Vectors.Dimension ?? _options.EmbeddingSize),
            _options.HiddenSize,
            _options.NumberOfLayers,
            _options.Bidirectional,
            _options.Pooling,
            (_options as RnnOptions)?.Nonlinearity ?? RnnNonlinearity.Tanh);
        using var trainedFirst = _options.LanguageModelPretraining is { } pretraining ? TrainLanguageModel(pretraining, input, settings.Seed) : null;
        if ((_options.PretrainedLanguageModel ?? trainedFirst) is { } language)
            settings = settings with
            {
                Pretrained = new PretrainedStart(PretrainedWeights.For(language, shape, InputColumnName, TokenRows.Vocabulary(inputColumn, sequence.VocabularySize)),
                    _options.PretrainedLearningRateFactor, _options.FrozenPretrainedEpochs),
            };
        channel.LogInfo($"Label column '{_options.LabelColumnName}' is {labelColumn.Type}: the encoder trains for {label.Description}.");
        var trainer = new EncoderTrainer(settings, channel);
        CrossFitResult crossFit = null;
        IReadOnlyList<RecurrentEncoderCandidate> candidates = Array.Empty<RecurrentEncoderCandidate>();
        if (_search != null)
            (shape, crossFit, candidates) = _search.Run(trainer, store, new FoldAssignment(store.Count, _search.Folds, settings.Seed), shape, label, device,
                channel.LogInfo);
        if (_options.CrossFitFolds > 0 && crossFit?.FoldMetrics.Length != _options.CrossFitFolds)
            crossFit = CrossFitting.Run(trainer, store, new FoldAssignment(store.Count, _options.CrossFitFolds, settings.Seed), shape, label, device,
                channel.LogInfo);
        var trained = trainer.Train(store, null, shape, label, device, probe);
        var network = trained.Network;
        // The description is the model from here on: Save and the ONNX export read it, not the network.
        var model = new EncoderModel(sequence, shape, trained.History, NetworkWeights.Export(network), trained.Head);
        var encoder = new RecurrentEncoderTransformer(_host, InputColumnName, _options.OutputColumnName, _options.AttentionWeightsColumnName,
            _options.ScoreColumnName, model, new BatchEncoder(network, device),
            _options.CrossFitFolds > 0 ? new CrossFitEncodings(input, rowIds, crossFit, shape.EncodingSize, label.Outputs) : null, candidates);
        return (encoder, probe == null ? null : new GradientFlowReport(probe.AtInitialization, probe.AfterTraining));
    }

    /// <summary>The language model <see cref="RecurrentEncoderOptions.LanguageModelPretraining"/> asks for, trained on
    /// the input column with this encoder's cell, sizes and layers.</summary>
    private LanguageModelTransformer TrainLanguageModel(LanguageModelOptions pretraining, IDataView input, int seed)
    {
        var options = pretraining.Clone();
        options.Cell = _options.Cell;
        options.EmbeddingSize = _options.EmbeddingSize;
        options.HiddenSize = _options.HiddenSize;
        options.NumberOfLayers = _options.NumberOfLayers;
        options.Nonlinearity = (_options as RnnOptions)?.Nonlinearity ?? RnnNonlinearity.Tanh;
        options.TieEmbeddings &= options.EmbeddingSize == options.HiddenSize;
        options.InputColumnName = InputColumnName;
        options.OutputColumnName = InputColumnName + "Generated";
        options.Seed ??= seed;
        // The encoder's Fit stops on the encoder's token, in its pretraining too.
        if (_options.CancellationToken.CanBeCanceled) options.CancellationToken = _options.CancellationToken;
        return new LanguageModelEstimator(_host, options).Fit(input);
    }

    private SequenceStore ReadProbe(IDataView probe, SequenceFormat sequence, RowLabel label)
    {
        var inputColumn = probe.Schema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(probe), $"Input column '{InputColumnName}' was not found in the gradient probe data.");
        var labelColumn = probe.Schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(probe), $"Label column '{_options.LabelColumnName}' was not found in the gradient probe data.");
        InputKind.CheckScoringColumn(sequence, InputColumnName, inputColumn.Type);
        if (RowLabel.FromColumn(_options.LabelColumnName, labelColumn.Type) != label)
            throw new ArgumentOutOfRangeException(nameof(probe), $"Label column '{_options.LabelColumnName}' of the gradient probe has type {labelColumn.Type}, unlike the training data's.");
        var (rows, _, _) = TrainingDataReader.Read(probe, inputColumn, sequence, labelColumn, label.ValueGetter);
        if (rows.Count == 0) throw new ArgumentOutOfRangeException(nameof(probe), "The gradient probe data has no labelled rows.");
        return rows;
    }

    /// <summary>The vectors of the input column's vocabulary from <paramref name="file"/>, with their coverage logged.</summary>
    private static WordVectorStart ReadWordVectors(PretrainedWordVectors file, DataViewSchema.Column inputColumn, SequenceFormat sequence,
        SequenceStore store, IChannel channel)
    {
        if (sequence.Kind != SequenceKind.Tokens)
            throw new ArgumentException($"WordVectors is set, but input column '{inputColumn.Name}' holds {inputColumn.Type}; word vectors start the embedding of token keys " +
                "(Vector<Key<UInt32>>, e.g. from MapValueToKey).", nameof(RecurrentEncoderOptions.WordVectors));
        return WordVectorStart.Read(file, TokenRows.Vocabulary(inputColumn, sequence.VocabularySize), Enumerable.Range(0, store.Count).Select(store.Tokens),
            channel.LogInfo);
    }
}
