using Microsoft.ML.Runtime;
using RecurrentML.Interop;

namespace RecurrentML;

/// <summary>
/// The network sizes and training options shared by the encoders (<see cref="RecurrentEncoderOptions"/>) and the
/// language models (<see cref="LanguageModelOptions"/>). Defaults are the encoders'; a language model's options class
/// sets its own where they differ, and says so.
/// </summary>
public abstract class RecurrentTrainingOptions
{
    /// <summary>Units in each recurrent layer and direction. Default 128.</summary>
    public int HiddenSize = 128;

    /// <summary>Number of stacked recurrent layers. Default 1.</summary>
    public int NumberOfLayers = 1;

    /// <summary>Size of the learned token embedding (key input only). Default 64.</summary>
    public int EmbeddingSize = 64;

    /// <summary>Pretrained word vectors the token embedding starts from (an encoder's token input, a tagger's words, a
    /// language model's tokens): a word2vec, GloVe or fastText text file, read in Fit for the vocabulary; the embedding
    /// takes the file's dimension in place of <see cref="EmbeddingSize"/>. See <see cref="PretrainedWordVectors"/>. An
    /// encoder takes them or a language model's start (<c>PretrainedLanguageModel</c>, <c>LanguageModelPretraining</c>),
    /// not both. <see langword="null"/> draws the embedding at random. Default <see langword="null"/>.</summary>
    public PretrainedWordVectors WordVectors;

    /// <summary>Dropout probability between stacked layers and on what the last layer hands on (the encoding fed to the
    /// training head; a language model's step outputs, and its embedded input); used in training only. Default 0.2.</summary>
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

    /// <summary>Rows per training step (for a language model: token streams read side by side). Default 32.</summary>
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

    /// <summary>Seed for weight initialisation, dropout and shuffling. <see langword="null"/> uses the MLContext's
    /// seed (and a random one when the MLContext has none). Default <see langword="null"/>.</summary>
    public int? Seed;

    /// <summary>Threads TorchSharp may use while training (restored to its previous value afterwards).
    /// <see langword="null"/> uses every core. Default <see langword="null"/>.</summary>
    public int? NumberOfThreads;

    /// <summary>Stops <c>Fit</c> on request: training checks it before every training and validation batch, so
    /// <c>Fit</c> throws <see cref="OperationCanceledException"/> within one batch of the request (at once, before
    /// reading the data, when it is already cancelled). The weights trained so far are dropped. Cancelling the
    /// MLContext through ML.NET's own host cancellation stops <c>Fit</c> at the same points. Default
    /// <see cref="CancellationToken.None"/>.</summary>
    public CancellationToken CancellationToken;

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> or
    /// <see cref="ArgumentException"/> naming the first one out of range.</summary>
    public virtual void Validate()
    {
        RequireRange(HiddenSize, 1, 65_536, nameof(HiddenSize));
        RequireRange(NumberOfLayers, 1, 64, nameof(NumberOfLayers));
        RequireRange(EmbeddingSize, 1, 65_536, nameof(EmbeddingSize));
        if (MaxEpochs is int epochs) RequireRange(epochs, 1, 1_000_000, nameof(MaxEpochs));
        RequireRange(MinTrainingSteps, 1, int.MaxValue, nameof(MinTrainingSteps));
        RequireRange(MinValidationRows, 1, int.MaxValue, nameof(MinValidationRows));
        if (!Enum.IsDefined(Schedule)) throw Invalid(nameof(Schedule), Schedule, $"one of {string.Join(", ", Enum.GetNames<LearningRateSchedule>())}");
        if (!Enum.IsDefined(EarlyStopping)) throw Invalid(nameof(EarlyStopping), EarlyStopping, $"one of {string.Join(", ", Enum.GetNames<EarlyStoppingCriterion>())}");
        RequireRange(BatchSize, 1, 1 << 20, nameof(BatchSize));
        RequireRange(EarlyStoppingPatience, 1, 1_000_000, nameof(EarlyStoppingPatience));
        if (MaxTrainingSteps is long steps && steps < 1) throw Invalid(nameof(MaxTrainingSteps), steps, "an integer >= 1, or null for no limit");
        if (NumberOfThreads is int threads) RequireRange(threads, 1, 4096, nameof(NumberOfThreads));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw Invalid(nameof(LearningRate), LearningRate, "a finite number > 0");
        if (!(Dropout >= 0 && Dropout < 1)) throw Invalid(nameof(Dropout), Dropout, "in [0, 1)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw Invalid(nameof(WeightDecay), WeightDecay, "a finite number >= 0");
        if (!(GradientClipNorm >= 0) || double.IsInfinity(GradientClipNorm)) throw Invalid(nameof(GradientClipNorm), GradientClipNorm, "a finite number >= 0 (0 turns clipping off)");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw Invalid(nameof(ValidationFraction), ValidationFraction, "in [0, 1)");
        WordVectors?.Validate(nameof(WordVectors));
    }

    /// <summary>The training options as plain values; the seed falls back to the MLContext's (the seed of
    /// <paramref name="host"/>'s environment) and then to a random one, and training stops when
    /// <see cref="CancellationToken"/> or <paramref name="host"/> is cancelled.</summary>
    internal Training.TrainingSettings ToSettings(IHostEnvironment host, GateInitialization gates, int chronoMaxTimescale) => new(
        MaxEpochs, MinTrainingSteps, MaxTrainingSteps, BatchSize, LearningRate, Schedule, WeightDecay, GradientClipNorm,
        ValidationFraction, MinValidationRows, EarlyStopping, EarlyStoppingPatience, Dropout,
        Seed ?? MlNetInternals.Seed(host) ?? Random.Shared.Next(),
        NumberOfThreads ?? Environment.ProcessorCount,
        gates, chronoMaxTimescale)
    {
        Cancellation = new Training.TrainingCancellation(CancellationToken, () => MlNetInternals.ThrowIfCancelled(host)),
    };

    private protected static ArgumentOutOfRangeException Invalid(string option, object value, string expected) =>
        new(option, value, $"{option} is {value}; expected {expected}.");

    private protected static void RequireRange(int value, int min, int max, string option)
    {
        if (value < min || value > max) throw Invalid(option, value, $"an integer from {min} to {max}");
    }

    private protected static void RequireName(string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must name a column; it is empty.", option);
    }
}
