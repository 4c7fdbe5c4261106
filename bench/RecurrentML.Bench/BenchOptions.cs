namespace RecurrentML.Bench;

/// <summary>Command line of the benchmark. <c>--quick</c> shrinks every measure to fit a one-minute smoke run;
/// <c>--scoring</c> runs only the scoring measures; <c>--tagger</c> only the tagger's (10), on the EWT corpus in <c>--data</c>
/// (default <c>../shared/data</c> beside the repository); <c>--long-text</c> only the train step's profile at IMDB's sizes.</summary>
internal sealed record BenchOptions(bool Quick, int Threads, string Python, string OutputPath, bool SkipReference, bool ScoringOnly, bool TaggerOnly,
    string DataFolder, bool LongTextOnly = false)
{
    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        bool quick = false, skipReference = false, scoringOnly = false, taggerOnly = false, longText = false;
        int threads = Environment.ProcessorCount;
        string python = null, output = null, data = Path.Combine(repositoryRoot, "..", "shared", "data");
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-reference": skipReference = true; break;
                case "--scoring": scoringOnly = true; break;
                case "--tagger": taggerOnly = true; break;
                case "--long-text": longText = true; break;
                case "--data": data = Path.GetFullPath(Value(args, ref i)); break;
                case "--threads": threads = int.Parse(Value(args, ref i)); break;
                case "--python": python = Value(args, ref i); break;
                case "--output": output = Path.GetFullPath(Value(args, ref i)); break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--quick] [--scoring | --tagger [--data FOLDER] | --long-text] [--threads N] [--python PATH] [--no-reference] [--output FILE]");
            }
        }
        if (threads < 1) throw new ArgumentException($"--threads is {threads}; expected an integer >= 1.");
        output ??= Path.Combine(repositoryRoot, "bench", "results", taggerOnly ? "tagger-transform.json" : longText ? "long-text-profile.json" : "latest.json");
        return new BenchOptions(quick, threads, python, output, skipReference, scoringOnly, taggerOnly, Path.GetFullPath(data), longText);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
