namespace RecurrentML.Quality;

/// <summary>
/// The command line. Without <c>--cv</c> the main run: the selected methods (all by default) on the selected sets' test
/// parts, written to <c>results/{--out}.md</c> and <c>.csv</c> ("results" by default: the whole study's table). With
/// <c>--cv a,b</c>: cross-validation of the named <see cref="Candidates"/> on the selected sets' training parts only.
/// </summary>
/// <param name="CandidateNames">The candidates to cross-validate; empty for the main run.</param>
/// <param name="CvMethod">The pipeline <c>--cv</c> cross-validates: recurrent (default) or combined.</param>
internal sealed record QualityArguments(IReadOnlyList<QualitySet> Sets, IReadOnlyList<Method> Methods, string OutputName,
    IReadOnlyList<string> CandidateNames, Method CvMethod)
{
    private const string Usage = "Usage: [--sets a,b,...] [--methods a,b,...] [--out name] [--cv candidate1,candidate2,...] " +
        "[--cv-method recurrent|combined|ngrams|...] [--imdb folder] [--vectors file]";

    public bool CrossValidate => CandidateNames.Count > 0;

    public static QualityArguments Parse(string[] args)
    {
        var sets = QualitySets.Default.ToList();
        var methods = Quality.Methods.All.ToList();
        string output = "results";
        var candidates = new List<string>();
        Method? cvMethod = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sets": sets = Names(args, ref i).Select(QualitySets.Find).ToList(); break;
                case "--methods": methods = Names(args, ref i).Select(Quality.Methods.Parse).ToList(); break;
                case "--out": output = Value(args, ref i); break;
                case "--cv": candidates = Names(args, ref i).ToList(); break;
                case "--cv-method": cvMethod = Quality.Methods.Parse(Value(args, ref i)); break;
                case "--imdb": QualityPaths.ImdbFolder = Path.GetFullPath(Value(args, ref i)); break;
                case "--vectors": StudyVectors.Path = Path.GetFullPath(Value(args, ref i)); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }
        foreach (string candidate in candidates) Candidates.Find(candidate);
        if (cvMethod != null && candidates.Count == 0) throw new ArgumentException($"--cv-method needs --cv. {Usage}");
        // ngrams has no encoder for a candidate to change: it is cross-validated as the reference the others are read against.
        if (cvMethod is Method.FastText or Method.FastTextTuned)
            throw new ArgumentException($"--cv-method is '{cvMethod.Value.Name()}'; expected one of the ML.NET pipelines (not fastText).");
        bool vectorsUsed = candidates.Count > 0
            ? candidates.Any(c => c.StartsWith("vectors", StringComparison.Ordinal)) || cvMethod is Method.RecurrentVectors or Method.CombinedVectors
            : methods.Any(m => m is Method.RecurrentVectors or Method.CombinedVectors);
        if (vectorsUsed) StudyVectors.Check();
        return new QualityArguments(sets, methods, output, candidates, cvMethod ?? Method.Recurrent);
    }

    private static string[] Names(string[] args, ref int i) => Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value. {Usage}");
}
