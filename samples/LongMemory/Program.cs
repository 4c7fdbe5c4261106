// Do LSTM and GRU remember where a plain RNN forgets? Trains each cell on two synthetic long-range memory tasks at
// growing sequence lengths, through ordinary ML.NET pipelines (recurrent encoder, then an ML.NET trainer on its
// encoding), and measures how far back the training signal reaches. Writes results/ beside this file.
//
//   dotnet run -c Release --project samples/LongMemory [-- --lengths 10,25,50,100,200]
using System.Diagnostics;
using System.Globalization;
using LongMemory;
using Microsoft.ML;
using RecurrentML;

int[] lengths = args.SkipWhile(a => a != "--lengths").Skip(1).FirstOrDefault()?.Split(',').Select(int.Parse).ToArray()
    ?? new[] { 10, 25, 50, 100, 200 };
const int GradientFlowLength = 100;
var cells = new[] { RecurrentCell.Rnn, RecurrentCell.Lstm, RecurrentCell.Gru };
string results = Path.Combine(ProjectFolder(), "results");
Directory.CreateDirectory(results);

var mlContext = new MLContext(seed: 1);
var rows = new List<ResultRow>();
var gradientFlows = new Dictionary<RecurrentCell, GradientFlowReport>();
Console.WriteLine($"Budget per run: {Budget.TrainingRows} training rows x {Budget.Epochs} epochs, hidden {Budget.Hidden}, " +
                  $"batch {Budget.BatchSize}, learning rate {Budget.LearningRate}, seed {Budget.Seed}; {Budget.TestRows} test rows.");
Console.WriteLine($"| {"task",-7} | {"length",6} | {"cell",-4} | {"metric",-8} | {"value",7} | {"epochs",6} | {"seconds",7} |");
Console.WriteLine("|---------|-------:|------|----------|--------:|-------:|--------:|");

foreach (int length in lengths)
{
    foreach (var cell in cells)
    {
        var keys = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Tokens"))
            .Fit(mlContext.Data.LoadFromEnumerable(MemoryTasks.Recall(Budget.TrainingRows, length, seed: 1)));
        IDataView RecallData(int count, int seed) => keys.Transform(mlContext.Data.LoadFromEnumerable(MemoryTasks.Recall(count, length, seed)));
        var recallTrain = RecallData(Budget.TrainingRows, seed: 1);
        var recallTest = RecallData(Budget.TestRows, seed: 2);
        var probe = length == GradientFlowLength ? RecallData(Budget.ProbeRows, seed: 3) : null;
        var clock = Stopwatch.StartNew();
        var (encoder, flow) = Fit(Encoder(cell, "Tokens", featuresPerStep: 1, length), recallTrain, probe);
        var classifier = mlContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy(featureColumnName: "Encoding")
            .Fit(mlContext.Data.Cache(encoder.Transform(recallTrain)));
        double accuracy = mlContext.MulticlassClassification.Evaluate(classifier.Transform(encoder.Transform(recallTest))).MicroAccuracy;
        Report(new ResultRow("recall", length, cell, "accuracy", accuracy, encoder.TrainingHistory.Count, clock.Elapsed.TotalSeconds));
        if (flow != null) gradientFlows[cell] = flow;

        var addingTrain = mlContext.Data.LoadFromEnumerable(MemoryTasks.Adding(Budget.TrainingRows, length, seed: 1));
        var addingTest = mlContext.Data.LoadFromEnumerable(MemoryTasks.Adding(Budget.TestRows, length, seed: 2));
        clock.Restart();
        (encoder, _) = Fit(Encoder(cell, "Steps", featuresPerStep: 2, length), addingTrain, null);
        var regression = mlContext.Regression.Trainers.Sdca(featureColumnName: "Encoding")
            .Fit(mlContext.Data.Cache(encoder.Transform(addingTrain)));
        double mse = mlContext.Regression.Evaluate(regression.Transform(encoder.Transform(addingTest))).MeanSquaredError;
        Report(new ResultRow("adding", length, cell, "mse", mse, encoder.TrainingHistory.Count, clock.Elapsed.TotalSeconds));
    }
}

File.WriteAllLines(Path.Combine(results, "memory.csv"),
    rows.Select(r => r.ToCsv()).Prepend("task,length,cell,metric,value,epochs,seconds"));
Charts.MetricByLength(rows.Where(r => r.Task == "recall").ToList(), "First-token recall: test accuracy (chance 0.10)", "test accuracy",
    chance: 0.1, Path.Combine(results, "recall.png"));
Charts.MetricByLength(rows.Where(r => r.Task == "adding").ToList(), "Adding problem: test MSE (predicting 1.0 scores 0.167)", "test MSE",
    chance: 1 / 6.0, Path.Combine(results, "adding.png"));
if (gradientFlows.Count > 0)
{
    File.WriteAllLines(Path.Combine(results, "gradient_flow.csv"), gradientFlows
        .SelectMany(f => new[] { ("initialization", f.Value.AtInitialization), ("trained", f.Value.AfterTraining) }
            .SelectMany(phase => phase.Item2.Select((norm, step) => $"{f.Key},{phase.Item1},{step},{norm.ToString("R", CultureInfo.InvariantCulture)}")))
        .Prepend("cell,phase,step,gradient_norm"));
    Charts.GradientFlow(gradientFlows, GradientFlowLength, Path.Combine(results, "gradient_flow.png"));
}
Console.WriteLine($"Wrote {results}/memory.csv, recall.png, adding.png, gradient_flow.csv, gradient_flow.png");

void Report(ResultRow row)
{
    rows.Add(row);
    Console.WriteLine($"| {row.Task,-7} | {row.Length,6} | {row.Cell,-4} | {row.Metric,-8} | {row.Value,7:F3} | {row.Epochs,6} | {row.Seconds,7:F1} |");
}

(RecurrentEncoderTransformer, GradientFlowReport) Fit(RecurrentEncoderEstimator estimator, IDataView train, IDataView probe) =>
    probe == null ? (estimator.Fit(train), null) : estimator.FitWithGradientFlow(train, probe);

// recipe:start
RecurrentEncoderEstimator Encoder(RecurrentCell cell, string input, int featuresPerStep, int length)
{
    var options = RecurrentEncoderOptions.Create(cell);
    options.InputColumnName = input;
    options.OutputColumnName = "Encoding";
    options.FeaturesPerStep = featuresPerStep;
    options.EmbeddingSize = Budget.Embedding;
    options.HiddenSize = Budget.Hidden;
    options.BatchSize = Budget.BatchSize;
    options.LearningRate = Budget.LearningRate;
    options.MaxEpochs = Budget.Epochs;
    options.MaxSequenceLength = length;
    options.Pooling = SequencePooling.Last; // the encoding is the final state: what the cell remembered
    options.Dropout = 0;
    options.ValidationFraction = 0;         // every cell sees exactly the same number of examples
    options.Seed = Budget.Seed;
    return mlContext.Transforms.RecurrentEncoder(options);
}
// recipe:end

static string ProjectFolder()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "LongMemory.csproj"))) return folder.FullName;
    return Directory.GetCurrentDirectory();
}

internal sealed record ResultRow(string Task, int Length, RecurrentCell Cell, string Metric, double Value, int Epochs, double Seconds)
{
    public string ToCsv() => string.Join(',', Task, Length, Cell, Metric,
        Value.ToString("R", CultureInfo.InvariantCulture), Epochs, Seconds.ToString("F1", CultureInfo.InvariantCulture));
}
