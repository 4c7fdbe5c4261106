namespace RecurrentML.Quality;

/// <summary>
/// One setting <c>--cv</c> compares: a change to the encoder's default options and, for text sets, whether the text
/// is normalised (lower case, punctuation and diacritics removed: ML.NET's <c>NormalizeText</c>) before it is split
/// into words, and, in the combined pipeline, whether the encoder's score is scaled into [-1, 1] (ML.NET's
/// <c>NormalizeMinMax</c>, which keeps 0 at 0) before it joins the n-grams, so that the trainer's regularisation
/// treats it like one more n-gram rather than as a feature ten times their size.
/// </summary>
internal sealed record Candidate(Action<RecurrentEncoderOptions> ChangeOptions, bool NormalizeText = false, bool ScaleScore = false)
{
    /// <summary>The pipeline the README's quick start recommends: every encoder default, text normalised (chosen by
    /// <c>--cv default,normalize</c> on the training parts of amazon and uci, 6 December 2026).</summary>
    public static readonly Candidate Default = new(_ => { }, NormalizeText: true);

    /// <summary>This candidate with the encoder's embedding started from the study's word vectors, with the library's
    /// default <see cref="PretrainedWordVectors.Training"/> unless the candidate sets its own.</summary>
    public Candidate WithVectors() => this with { ChangeOptions = o =>
    {
        o.WordVectors = new PretrainedWordVectors(StudyVectors.Path);
        ChangeOptions(o);
    } };
}
