namespace RecurrentML.Bench;

/// <summary>Command line of the benchmark. <c>--quick</c> shrinks every measure to fit a one-minute smoke run;
/// <c>--scoring</c> runs only the scoring measures.</summary>
internal sealed record BenchOptions(bool Quick, int Threads, string Python, string OutputPath, bool SkipReference, bool ScoringOnly)
{
    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        bool quick = false, skipReference = false, scoringOnly = false;
        int threads = Environment.ProcessorCount;
        string python = null, output = Path.Combine(repositoryRoot, "bench", "results", "latest.json");
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-reference": skipReference = true; break;
                case "--scoring": scoringOnly = true; break;
                case "--threads": threads = int.Parse(Value(args, ref i)); break;
                case "--python": python = Value(args, ref i); break;
                case "--output": output = Path.GetFullPath(Value(args, ref i)); break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--quick] [--scoring] [--threads N] [--python PATH] [--no-reference] [--output FILE]");
            }
        }
        if (threads < 1) throw new ArgumentException($"--threads is {threads}; expected an integer >= 1.");
        return new BenchOptions(quick, threads, python, output, skipReference, scoringOnly);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
