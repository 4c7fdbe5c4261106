namespace RecurrentML.Quality;

/// <summary>
/// The encoder settings <c>--cv</c> compares, by name. Each changes the default options
/// (<see cref="Pipelines.EncoderOptions"/>) in place. To try a setting, add an entry and cross-validate it; choose
/// among candidates by their cross-validated accuracy on the training parts, never by test accuracy.
/// </summary>
internal static class Candidates
{
    public const string DefaultName = "default";

    public static readonly IReadOnlyDictionary<string, Action<RecurrentEncoderOptions>> All = new Dictionary<string, Action<RecurrentEncoderOptions>>
    {
        [DefaultName] = _ => { },
        ["lr1e-2"] = o => o.LearningRate = 1e-2,
        ["lr1e-3"] = o => o.LearningRate = 1e-3,
        ["max"] = o => o.Pooling = SequencePooling.Max,
        ["mean"] = o => o.Pooling = SequencePooling.Mean,
        ["lr1e-2max"] = o => { o.LearningRate = 1e-2; o.Pooling = SequencePooling.Max; },
        ["lr1e-2wd"] = o => { o.LearningRate = 1e-2; o.WeightDecay = 1e-5; },
    };

    /// <summary>The options change called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No candidate has that name; the message lists the names.</exception>
    public static Action<RecurrentEncoderOptions> Find(string name) => All.TryGetValue(name, out var candidate)
        ? candidate
        : throw new ArgumentException($"Unknown candidate '{name}'; the candidates (Candidates.cs) are {string.Join(", ", All.Keys)}.");
}
