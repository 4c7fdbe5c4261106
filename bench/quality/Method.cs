namespace RecurrentML.Quality;

/// <summary>The pipelines the study compares on each set's test part.</summary>
internal enum Method
{
    NGrams,
    Recurrent,
    /// <summary>The recurrent pipeline with the encoder started from a language model trained on the training texts.</summary>
    Pretrained,
    /// <summary>The recurrent pipeline with the embedding started from the study's word vectors (<see cref="StudyVectors"/>).</summary>
    RecurrentVectors,
    Combined,
    /// <summary>The combined pipeline with the encoder's embedding started from the study's word vectors.</summary>
    CombinedVectors,
    /// <summary>fastText with its defaults (5 epochs, unigrams).</summary>
    FastText,
    /// <summary>fastText as its users run it at its best on small text: 25 epochs with word bigrams.</summary>
    FastTextTuned,
}

/// <summary>The methods' names (as the command line, the CSV files and the chart call them) and where each applies.</summary>
internal static class Methods
{
    public static readonly Method[] All = Enum.GetValues<Method>();

    public static string Name(this Method method) => method switch
    {
        Method.NGrams => "ngrams",
        Method.Recurrent => "recurrent",
        Method.Pretrained => "pretrained",
        Method.RecurrentVectors => "recurrent-vectors",
        Method.Combined => "combined",
        Method.CombinedVectors => "combined-vectors",
        Method.FastText => "fasttext",
        Method.FastTextTuned => "fasttext-25-bigrams",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Series sets have no text: only the raw-vector baseline (their ngrams column) and the recurrent encoder apply.</summary>
    public static bool AppliesTo(this Method method, SetKind kind) => kind == SetKind.Text || method is Method.NGrams or Method.Recurrent;

    public static Method Parse(string name)
    {
        foreach (var method in All)
            if (method.Name() == name) return method;
        throw new ArgumentException($"Unknown method '{name}'; the methods are {string.Join(", ", All.Select(m => m.Name()))}.");
    }
}
