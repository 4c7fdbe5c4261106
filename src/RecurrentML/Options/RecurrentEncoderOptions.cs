using RecurrentML.Network.Cells;

namespace RecurrentML;

/// <summary>
/// Options shared by the <see cref="LstmOptions"/>, <see cref="GruOptions"/> and <see cref="RnnOptions"/> encoders.
/// Every field has a documented default; <see cref="Validate"/> checks them all when the estimator is built.
/// </summary>
public abstract class RecurrentEncoderOptions
{
    /// <summary>Name of the output column: the encoding, a vector of <see cref="HiddenSize"/> floats
    /// (twice that when <see cref="Bidirectional"/>). Default <c>"Features"</c>.</summary>
    public string OutputColumnName = "Features";

    /// <summary>Name of the input column: a vector of keys (token ids, as produced by <c>MapValueToKey</c>) or a
    /// vector of floats read as <see cref="FeaturesPerStep"/> values per time step. <see langword="null"/> means
    /// the same name as <see cref="OutputColumnName"/>. Default <see langword="null"/>.</summary>
    public string InputColumnName;

    /// <summary>Name of the label column; its type picks the training objective: Boolean gives binary cross-entropy,
    /// a key gives multiclass cross-entropy, Single gives mean squared error. Default <c>"Label"</c>.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Units in each recurrent layer and direction. Default 128.</summary>
    public int HiddenSize = 128;

    /// <summary>Number of stacked recurrent layers. Default 1.</summary>
    public int NumberOfLayers = 1;

    /// <summary>Whether each layer also reads the sequence backwards; doubles the encoding size. Default false.</summary>
    public bool Bidirectional;

    /// <summary>Size of the learned token embedding (key input only). Default 64.</summary>
    public int EmbeddingSize = 64;

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

    /// <summary>Dropout probability between stacked layers and on the encoding fed to the training head; used in
    /// training only. Default 0.2.</summary>
    public double Dropout = 0.2;

    /// <summary>Passes over the training rows, unless early stopping or <see cref="MaxTrainingSteps"/> ends training
    /// sooner. <see langword="null"/> chooses from the data: 10 epochs, or more when 10 would take fewer than
    /// <see cref="MinTrainingSteps"/> steps (small data). Default <see langword="null"/>.</summary>
    public int? MaxEpochs;

    /// <summary>With <see cref="MaxEpochs"/> <see langword="null"/>, the fewest steps (batches) training plans: 50 rows
    /// make 2 batches per epoch, and 10 epochs of them, 20 steps, leave the loss on its starting plateau. Ignored when
    /// <see cref="MaxEpochs"/> is set. Default 1,000.</summary>
    public int MinTrainingSteps = 1000;

    /// <summary>The most steps (batches) training takes, even inside an epoch: a time box for large data (25,000 short
    /// texts train in under 2 minutes on 2 cores). <see langword="null"/> means no limit. Default 5,000.</summary>
    public long? MaxTrainingSteps = 5000;

    /// <summary>Rows per training step. Default 32.</summary>
    public int BatchSize = 32;

    /// <summary>Adam's learning rate; with <see cref="Schedule"/> <see cref="LearningRateSchedule.WarmupCosine"/>, its peak.
    /// Default 1e-2 (chosen by 3-fold cross-validation on the training parts of bench/quality: better than 3e-3 on
    /// UCI sentences, SMS spam, Wikipedia detox and GunPoint).</summary>
    public double LearningRate = 1e-2;

    /// <summary>How the learning rate changes over the planned steps. Default
    /// <see cref="LearningRateSchedule.WarmupCosine"/>.</summary>
    public LearningRateSchedule Schedule = LearningRateSchedule.WarmupCosine;

    /// <summary>L2 penalty added by Adam to every weight's gradient. Default 0.</summary>
    public double WeightDecay;

    /// <summary>Gradients are rescaled so that their global L2 norm is at most this; 0 turns clipping off. Default 5.</summary>
    public double GradientClipNorm = 5;

    /// <summary>Fraction of the training rows held out to judge epochs for early stopping; 0 trains on all rows for
    /// the whole budget. Default 0.1.</summary>
    public double ValidationFraction = 0.1;

    /// <summary>The fewest rows worth holding out: when <see cref="ValidationFraction"/> of the rows is fewer, none are
    /// held out and all rows train for the whole budget (with 50 rows, accuracy moves in steps of 2% and no longer
    /// stops training by chance). Default 50.</summary>
    public int MinValidationRows = 50;

    /// <summary>What the validation rows judge each epoch by. Default <see cref="EarlyStoppingCriterion.ValidationMetric"/>.</summary>
    public EarlyStoppingCriterion EarlyStopping = EarlyStoppingCriterion.ValidationMetric;

    /// <summary>Epochs without a better validation result (see <see cref="EarlyStopping"/>) before training stops; the
    /// best epoch's weights are kept. Default 5.</summary>
    public int EarlyStoppingPatience = 5;

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

    /// <summary>Seed for weight initialisation, dropout and shuffling. <see langword="null"/> uses the MLContext's
    /// seed (and a random one when the MLContext has none). Default <see langword="null"/>.</summary>
    public int? Seed;

    /// <summary>Threads TorchSharp may use while training (restored to its previous value afterwards).
    /// <see langword="null"/> uses every core. Default
    /// <see langword="null"/>.</summary>
    public int? NumberOfThreads;

    internal abstract RecurrentCell Cell { get; }

    /// <summary>New options with every default for <paramref name="cell"/>: an <see cref="LstmOptions"/>,
    /// <see cref="GruOptions"/> or <see cref="RnnOptions"/>. With
    /// <see cref="Microsoft.ML.RecurrentCatalog.RecurrentEncoder(Microsoft.ML.TransformsCatalog, RecurrentEncoderOptions)"/>,
    /// code that tries each cell needs no switch over them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cell"/> is not a defined cell.</exception>
    public static RecurrentEncoderOptions Create(RecurrentCell cell) => CellType.For(cell).CreateOptions();

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> or
    /// <see cref="ArgumentException"/> naming the first one out of range.</summary>
    public virtual void Validate()
    {
        RequireName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName != null) RequireName(InputColumnName, nameof(InputColumnName));
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireRange(HiddenSize, 1, 65_536, nameof(HiddenSize));
        RequireRange(NumberOfLayers, 1, 64, nameof(NumberOfLayers));
        RequireRange(EmbeddingSize, 1, 65_536, nameof(EmbeddingSize));
        RequireRange(FeaturesPerStep, 1, 1 << 20, nameof(FeaturesPerStep));
        RequireRange(MaxSequenceLength, 1, 1 << 20, nameof(MaxSequenceLength));
        if (MaxEpochs is int epochs) RequireRange(epochs, 1, 1_000_000, nameof(MaxEpochs));
        RequireRange(MinTrainingSteps, 1, int.MaxValue, nameof(MinTrainingSteps));
        RequireRange(MinValidationRows, 1, int.MaxValue, nameof(MinValidationRows));
        if (!Enum.IsDefined(Schedule)) throw Invalid(nameof(Schedule), Schedule, $"one of {string.Join(", ", Enum.GetNames<LearningRateSchedule>())}");
        if (!Enum.IsDefined(EarlyStopping)) throw Invalid(nameof(EarlyStopping), EarlyStopping, $"one of {string.Join(", ", Enum.GetNames<EarlyStoppingCriterion>())}");
        RequireRange(BatchSize, 1, 1 << 20, nameof(BatchSize));
        RequireRange(EarlyStoppingPatience, 1, 1_000_000, nameof(EarlyStoppingPatience));
        if (CrossFitFolds != 0 && (CrossFitFolds < 2 || CrossFitFolds > 20))
            throw Invalid(nameof(CrossFitFolds), CrossFitFolds, "0 (off) or an integer from 2 to 20");
        if (MaxTrainingSteps is long steps && steps < 1) throw Invalid(nameof(MaxTrainingSteps), steps, "an integer >= 1, or null for no limit");
        if (NumberOfThreads is int threads) RequireRange(threads, 1, 4096, nameof(NumberOfThreads));
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
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Invalid(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Dropout >= 0 && Dropout < 1)) throw Invalid(nameof(Dropout), Dropout, "in [0, 1)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw Invalid(nameof(WeightDecay), WeightDecay, "a finite number >= 0");
        if (!(GradientClipNorm >= 0) || double.IsInfinity(GradientClipNorm)) throw Invalid(nameof(GradientClipNorm), GradientClipNorm, "a finite number >= 0 (0 turns clipping off)");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw Invalid(nameof(ValidationFraction), ValidationFraction, "in [0, 1)");
    }

    private protected static ArgumentOutOfRangeException Invalid(string option, object value, string expected) =>
        new(option, value, $"{option} is {value}; expected {expected}.");

    private static void RequireRange(int value, int min, int max, string option)
    {
        if (value < min || value > max) throw Invalid(option, value, $"an integer from {min} to {max}");
    }

    private static void RequireName(string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must name a column; it is empty.", option);
    }
}
