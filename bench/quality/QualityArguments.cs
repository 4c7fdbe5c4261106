namespace RecurrentML.Quality;

/// <summary>
/// The command line. Without <c>--cv</c> the main run: every method on the selected sets' test parts. With
/// <c>--cv a,b</c>: cross-validation of the named <see cref="Candidates"/> on the selected sets' training parts only.
/// </summary>
/// <param name="CandidateNames">The candidates to cross-validate; empty for the main run.</param>
/// <param name="CvMethod">The pipeline <c>--cv</c> cross-validates: recurrent (default) or combined.</param>
internal sealed record QualityArguments(IReadOnlyList<QualitySet> Sets, IReadOnlyList<string> CandidateNames, Method CvMethod)
{
    private const string Usage = "Usage: [--sets a,b,...] [--cv candidate1,candidate2,...] [--cv-method recurrent|combined|ngrams]";

    public bool CrossValidate => CandidateNames.Count > 0;

    public static QualityArguments Parse(string[] args)
    {
        var sets = QualitySets.All.ToList();
        var candidates = new List<string>();
        Method? cvMethod = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sets": sets = Names(args, ref i).Select(QualitySets.Find).ToList(); break;
                case "--cv": candidates = Names(args, ref i).ToList(); break;
                case "--cv-method": cvMethod = Methods.Parse(Value(args, ref i)); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        foreach (string candidate in candidates) Candidates.Find(candidate);
        if (cvMethod != null && candidates.Count == 0) throw new ArgumentException($"--cv-method needs --cv. {Usage}");
        // ngrams has no encoder for a candidate to change: it is cross-validated as the reference the others are read against.
        if (cvMethod is not (null or Method.Recurrent or Method.Pretrained or Method.Combined or Method.NGrams))
            throw new ArgumentException($"--cv-method is '{cvMethod.Value.Name()}'; expected recurrent, pretrained, combined or ngrams, the ML.NET pipelines.");
        return new QualityArguments(sets, candidates, cvMethod ?? Method.Recurrent);
    }

    private static string[] Names(string[] args, ref int i) => Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value. {Usage}");
}
