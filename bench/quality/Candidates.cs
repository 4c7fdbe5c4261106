namespace RecurrentML.Quality;

/// <summary>
/// The settings <c>--cv</c> compares, by name. Each changes the default pipeline (<see cref="Candidate.Default"/>):
/// its encoder options (<see cref="Pipelines.EncoderOptions"/>) in place, or its text preparation. To try a setting, add an entry and cross-validate it; choose among candidates by
/// their cross-validated accuracy on the training parts, never by test accuracy.
/// </summary>
internal static class Candidates
{
    public const string DefaultName = "default";

    public static readonly IReadOnlyDictionary<string, Candidate> All = new Dictionary<string, Candidate>
    {
        [DefaultName] = Candidate.Default,
        ["lr3e-3"] = Candidate.Default with { ChangeOptions = o => o.LearningRate = 3e-3 },
        ["lr1e-3"] = Candidate.Default with { ChangeOptions = o => o.LearningRate = 1e-3 },
        ["max"] = Candidate.Default with { ChangeOptions = o => o.Pooling = SequencePooling.Max },
        ["mean"] = Candidate.Default with { ChangeOptions = o => o.Pooling = SequencePooling.Mean },
        ["wd1e-5"] = Candidate.Default with { ChangeOptions = o => o.WeightDecay = 1e-5 },
        ["raw-text"] = Candidate.Default with { NormalizeText = false },
        ["score-minmax"] = Candidate.Default with { ScaleScore = true },
        // The encoder started from a language model trained in Fit on the training part's own texts (labels unused).
        ["pretrained"] = Candidate.Default with { ChangeOptions = o => o.LanguageModelPretraining = Pipelines.Pretraining() },
        ["pretrained-frozen1"] = Candidate.Default with { ChangeOptions = o =>
        {
            o.LanguageModelPretraining = Pipelines.Pretraining();
            o.FrozenPretrainedEpochs = 1;
        } },
        // The embedding started from the study's word vectors (StudyVectors), trained as each name says.
        ["vectors"] = Candidate.Default.WithVectors(),
        ["vectors-finetuned"] = Vectors(WordVectorTraining.FineTuned),
        ["vectors-frozen"] = Vectors(WordVectorTraining.Frozen),
        ["vectors-frozen1"] = Vectors(WordVectorTraining.FrozenFirstEpochs),
        ["pretrained-lr0.3"] = Pretrained(0.3),
        ["pretrained-lr0.1"] = Pretrained(0.1),
        ["pretrained-lr0.03"] = Pretrained(0.03),
    };

    private static Candidate Vectors(WordVectorTraining training) =>
        (Candidate.Default with { ChangeOptions = o => o.WordVectors.Training = training }).WithVectors();

    private static Candidate Pretrained(double learningRateFactor) => Candidate.Default with { ChangeOptions = o =>
    {
        o.LanguageModelPretraining = Pipelines.Pretraining();
        o.PretrainedLearningRateFactor = learningRateFactor;
    } };

    /// <summary>The candidate called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No candidate has that name; the message lists the names.</exception>
    public static Candidate Find(string name) => All.TryGetValue(name, out var candidate)
        ? candidate
        : throw new ArgumentException($"Unknown candidate '{name}'; the candidates (Candidates.cs) are {string.Join(", ", All.Keys)}.");
}
