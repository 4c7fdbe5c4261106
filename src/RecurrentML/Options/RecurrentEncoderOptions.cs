using RecurrentML.Network.Cells;

namespace RecurrentML;

/// <summary>
/// Options shared by the <see cref="LstmOptions"/>, <see cref="GruOptions"/> and <see cref="RnnOptions"/> encoders (the
/// network and training options they share with language models are in <see cref="RecurrentTrainingOptions"/>).
/// Every field has a documented default; <see cref="Validate"/> checks them all when the estimator is built.
/// </summary>
public abstract class RecurrentEncoderOptions : RecurrentTrainingOptions
{
    /// <summary>Name of the output column: the encoding, a vector of <see cref="RecurrentTrainingOptions.HiddenSize"/> floats
    /// (twice that when <see cref="Bidirectional"/>). Default <c>"Features"</c>.</summary>
    public string OutputColumnName = "Features";

    /// <summary>Name of the input column: a vector of keys (token ids, as produced by <c>MapValueToKey</c>) or a
    /// vector of floats read as <see cref="FeaturesPerStep"/> values per time step. <see langword="null"/> means
    /// the same name as <see cref="OutputColumnName"/>. Default <see langword="null"/>.</summary>
    public string InputColumnName;

    /// <summary>Name of the label column; its type picks the training objective: Boolean gives binary cross-entropy,
    /// a key gives multiclass cross-entropy, Single gives mean squared error. Default <c>"Label"</c>.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Whether each layer also reads the sequence backwards; doubles the encoding size. Default false.</summary>
    public bool Bidirectional;

    /// <summary>For float input, values per time step: a row of n floats is a sequence of n / FeaturesPerStep steps.
    /// Ignored for key input. Default 1.</summary>
    public int FeaturesPerStep = 1;

    /// <summary>For float input, whether each of the <see cref="FeaturesPerStep"/> features is standardised to mean 0 and
    /// deviation 1 over the training rows' steps; the means and deviations are learned in Fit, saved with the model and
    /// applied in Transform, PredictionEngine and the ONNX graph. Ignored for key input. Default true.</summary>
    public bool StandardizeFeatures = true;

    /// <summary>How step outputs become the encoding. Default <see cref="SequencePooling.Last"/>.</summary>
    public SequencePooling Pooling = SequencePooling.Last;

    /// <summary>With <see cref="SequencePooling.Attention"/>, the name of an extra output column holding each row's
    /// attention weights: a vector of Single with one weight per step read, summing to 1. Position t is the t-th step
    /// read: with <see cref="TruncationSide.Start"/> a row longer than <see cref="MaxSequenceLength"/> is read from
    /// step (length - MaxSequenceLength), so its first weight belongs to that step; an empty row is read as one
    /// unknown step and gets the single weight 1. <see langword="null"/> adds no column. Default <see langword="null"/>.</summary>
    public string AttentionWeightsColumnName;

    /// <summary>The name of an extra output column holding each row's score from the head the encoder was trained
    /// with: a vector of Single with the logit of a Boolean label (one value), one logit per class of a Key label, or
    /// the predicted value of a Single label. With <see cref="CrossFitFolds"/>, the rows the encoder was fitted on get
    /// out-of-fold scores. This is the column to join with other features (such as FeaturizeText's n-grams): a
    /// score means the same whichever fold's network made it, an encoding does not. <see langword="null"/> adds no
    /// column. Default <see langword="null"/>.</summary>
    public string ScoreColumnName;

    /// <summary>Longest sequence read; longer rows are cut at <see cref="Truncation"/>. Default 256 steps.</summary>
    public int MaxSequenceLength = 256;

    /// <summary>Which end of an over-long sequence is dropped. Default <see cref="TruncationSide.Start"/>
    /// (keep the last <see cref="MaxSequenceLength"/> steps).</summary>
    public TruncationSide Truncation = TruncationSide.Start;

    /// <summary>Folds for out-of-fold values of the training rows: with K (2 to 20), Fit also trains K encoders, each
    /// on all folds but one, and transforming the data view the encoder was fitted on (which a pipeline's Fit does, to
    /// train the next step) gives every training row the encoding and score (<see cref="ScoreColumnName"/>) of the
    /// encoder that did not train on it, as scikit-learn's stacking does; every other view gets the encoder trained on
    /// all rows. An encoder fitted to a row predicts that row's label better than it will an unseen row's, so a trainer
    /// after it learns to trust it too much. Join the out-of-fold score column with other features; the encoding is
    /// served out of fold too, but each fold's network arranges its hidden units its own way, so a trainer cannot learn
    /// one meaning for them (beside n-grams, 3-fold out-of-fold encodings scored below the n-grams alone on the three
    /// review and message sets of bench/quality). Costs K more trainings (of (K-1)/K of the rows each). 0 turns it off.
    /// Default 0.</summary>
    public int CrossFitFolds;

    /// <summary>A trained language model whose embedding and recurrent layers the encoder starts from instead of random
    /// weights, then fine-tunes on the label (Howard and Ruder 2018): text without labels teaches the layers the
    /// language first. The encoder must match it: the same cell, <see cref="RecurrentTrainingOptions.EmbeddingSize"/>,
    /// <see cref="RecurrentTrainingOptions.HiddenSize"/> and <see cref="RecurrentTrainingOptions.NumberOfLayers"/>,
    /// forward only, and an input column mapped by the same MapValueToKey; each difference is an
    /// <see cref="ArgumentException"/> saying what to set. <see langword="null"/> starts from random weights. Default
    /// <see langword="null"/>.</summary>
    public LanguageModelTransformer PretrainedLanguageModel;

    /// <summary>Options of a language model that Fit trains first, on the input column's rows (labels unused), and then
    /// starts the encoder from, as <see cref="PretrainedLanguageModel"/> does with a model trained beforehand. The
    /// language model takes this encoder's cell, <see cref="RecurrentTrainingOptions.EmbeddingSize"/>,
    /// <see cref="RecurrentTrainingOptions.HiddenSize"/>, <see cref="RecurrentTrainingOptions.NumberOfLayers"/> and input
    /// column, and ties its output layer to the embedding only when the two sizes are equal; its other options (steps,
    /// learning rate, dropout) are these. Mind its cost: every Fit trains it (and with
    /// <see cref="CrossFitFolds"/>, the folds share it: it learns from no label). <see langword="null"/> trains none.
    /// Default <see langword="null"/>.</summary>
    public LanguageModelOptions LanguageModelPretraining;

    /// <summary>With <see cref="PretrainedLanguageModel"/> or <see cref="LanguageModelPretraining"/>, the pretrained weights' learning rate
    /// as a fraction of <see cref="RecurrentTrainingOptions.LearningRate"/> (discriminative fine-tuning): Adam moves
    /// every weight by about the learning rate per step, which at the encoders' 1e-2 soon overwrites weights a language
    /// model learned at 3e-3 on a scale of 0.1. Default 0.1 (3-fold CV on the training part of bench/quality's uci set:
    /// 0.785 against 0.764 with 1, 0.773 with 0.3, 0.782 with 0.03 and 0.775 from scratch).</summary>
    public double PretrainedLearningRateFactor = 0.1;

    /// <summary>With <see cref="PretrainedLanguageModel"/> or <see cref="LanguageModelPretraining"/>, the first epochs in which the pretrained weights stay
    /// frozen while the head learns (gradual unfreezing). Default 0.</summary>
    public int FrozenPretrainedEpochs;

    internal abstract RecurrentCell Cell { get; }

    /// <summary>New options with every default for <paramref name="cell"/>: an <see cref="LstmOptions"/>,
    /// <see cref="GruOptions"/> or <see cref="RnnOptions"/>. With
    /// <see cref="Microsoft.ML.RecurrentCatalog.RecurrentEncoder(Microsoft.ML.TransformsCatalog, RecurrentEncoderOptions)"/>,
    /// code that tries each cell needs no switch over them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cell"/> is not a defined cell.</exception>
    public static RecurrentEncoderOptions Create(RecurrentCell cell) => CellType.For(cell).CreateOptions();

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> or
    /// <see cref="ArgumentException"/> naming the first one out of range.</summary>
    public override void Validate()
    {
        base.Validate();
        RequireName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName != null) RequireName(InputColumnName, nameof(InputColumnName));
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireRange(FeaturesPerStep, 1, 1 << 20, nameof(FeaturesPerStep));
        RequireRange(MaxSequenceLength, 1, 1 << 20, nameof(MaxSequenceLength));
        if (CrossFitFolds != 0 && (CrossFitFolds < 2 || CrossFitFolds > 20))
            throw Invalid(nameof(CrossFitFolds), CrossFitFolds, "0 (off) or an integer from 2 to 20");
        if (!Enum.IsDefined(Pooling)) throw Invalid(nameof(Pooling), Pooling, $"one of {string.Join(", ", Enum.GetNames<SequencePooling>())}");
        if (AttentionWeightsColumnName != null)
        {
            RequireName(AttentionWeightsColumnName, nameof(AttentionWeightsColumnName));
            if (Pooling != SequencePooling.Attention)
                throw new ArgumentException($"AttentionWeightsColumnName is '{AttentionWeightsColumnName}' but Pooling is {Pooling}; attention weights exist only with Pooling = Attention.", nameof(AttentionWeightsColumnName));
            if (AttentionWeightsColumnName == OutputColumnName)
                throw new ArgumentException($"AttentionWeightsColumnName and OutputColumnName are both '{OutputColumnName}'; the two columns need different names.", nameof(AttentionWeightsColumnName));
        }
        if (ScoreColumnName != null)
        {
            RequireName(ScoreColumnName, nameof(ScoreColumnName));
            if (ScoreColumnName == OutputColumnName || ScoreColumnName == AttentionWeightsColumnName)
                throw new ArgumentException($"ScoreColumnName is '{ScoreColumnName}', the name of another column the encoder adds; each added column needs its own name.", nameof(ScoreColumnName));
        }
        if (!Enum.IsDefined(Truncation)) throw Invalid(nameof(Truncation), Truncation, "one of Start, End");
        if (!(PretrainedLearningRateFactor > 0 && PretrainedLearningRateFactor <= 1))
            throw Invalid(nameof(PretrainedLearningRateFactor), PretrainedLearningRateFactor, "in (0, 1]");
        RequireRange(FrozenPretrainedEpochs, 0, 1_000_000, nameof(FrozenPretrainedEpochs));
        if (PretrainedLanguageModel != null && LanguageModelPretraining != null)
            throw new ArgumentException("PretrainedLanguageModel and LanguageModelPretraining are both set; give a trained language model or options to train one, not both.",
                nameof(LanguageModelPretraining));
        LanguageModelPretraining?.Validate();
        if (WordVectors != null && (PretrainedLanguageModel != null || LanguageModelPretraining != null))
            throw new ArgumentException($"WordVectors and {(PretrainedLanguageModel != null ? nameof(PretrainedLanguageModel) : nameof(LanguageModelPretraining))} are both set; " +
                "each gives the embedding its start, so set one.", nameof(WordVectors));
        if (LanguageModelPretraining != null && Bidirectional)
            throw new ArgumentException("LanguageModelPretraining is set and Bidirectional is true; a language model reads forward only, so it can start only a forward encoder.",
                nameof(LanguageModelPretraining));
        if (PretrainedLanguageModel is { } language)
            Training.PretrainedWeights.CheckShape(language, Cell, EmbeddingSize, HiddenSize, NumberOfLayers, Bidirectional,
                (this as RnnOptions)?.Nonlinearity ?? RnnNonlinearity.Tanh);
    }
}
