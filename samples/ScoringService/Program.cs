// A scoring service for the quick-start review model (README, "Serving predictions"):
//   dotnet run -c Release --project samples/ScoringService -- train       trains and saves model.zip
//   dotnet run -c Release --project samples/ScoringService                serves POST /score on http://localhost:5080
//   dotnet run -c Release --project samples/ScoringService -- load-test   trains if needed, then load-tests on loopback
// Options: --model PATH (default: model.zip beside the program), --url URL, --seconds N (per load level).
using ScoringService;

string command = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "serve";
string modelPath = Option("--model") ?? Path.Combine(AppContext.BaseDirectory, "model.zip");
switch (command)
{
    case "train":
        ReviewModel.Train(modelPath);
        return 0;
    case "serve":
        await ScoringApp.Build(modelPath, Option("--url") ?? "http://localhost:5080", quiet: false).RunAsync();
        return 0;
    case "load-test":
        if (!File.Exists(modelPath)) ReviewModel.Train(modelPath);
        return await LoadTest.RunAsync(modelPath, double.Parse(Option("--seconds") ?? "10"), new[] { 1, 8, 64 });
    default:
        Console.Error.WriteLine($"Unknown command '{command}'; expected train, serve or load-test.");
        return 2;
}

string Option(string name)
{
    int at = Array.IndexOf(args, name);
    if (at < 0) return null;
    return at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value.");
}
