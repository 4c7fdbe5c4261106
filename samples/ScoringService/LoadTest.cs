using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.ML;

namespace ScoringService;

/// <summary>
/// Starts the service on loopback in this process and drives it with 1, 8 and 64 concurrent clients for a fixed time
/// each, over the 1,000 test reviews in turn. Every answer is checked against offline scoring of the same text
/// (<c>Transform</c> over all the reviews at once); a difference fails the run. Then the same comparison without
/// HTTP: pooled engines called directly from 1 and 8 threads.
/// </summary>
public static class LoadTest
{
    /// <summary>Largest difference allowed between an answer's probability and offline scoring's: the service scores
    /// one row at a time in managed code, Transform in torch batches; both compute the same function.</summary>
    private const float Tolerance = 1e-5f;

    public static async Task<int> RunAsync(string modelPath, double seconds, int[] clientCounts)
    {
        var reviews = ReviewFile.Read(ReviewFile.DataFile("testing_data.tsv"));
        var offline = ScoreOffline(modelPath, reviews);

        await using var app = ScoringApp.Build(modelPath, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(address) };
        Console.WriteLine($"Service on {address}; {reviews.Count} test reviews; {seconds:F0} s per level; {Environment.ProcessorCount} cores.");

        await RunLevel(http, reviews, offline, clients: 8, TimeSpan.FromSeconds(Math.Min(3, seconds))); // warm-up, not reported
        var results = new List<LevelResult>();
        foreach (int clients in clientCounts) results.Add(await RunLevel(http, reviews, offline, clients, TimeSpan.FromSeconds(seconds)));

        Console.WriteLine();
        Console.WriteLine("| clients | requests | requests/s | p50 ms | p99 ms | answers equal to offline |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Clients} | {r.Requests:N0} | {r.Requests / r.Seconds:N0} | {r.Percentile(50):F2} | {r.Percentile(99):F2} | {r.Requests - r.Mismatches:N0} / {r.Requests:N0} |");

        var direct = MeasureEnginesDirectly(app, reviews, offline, seconds);
        Console.WriteLine();
        Console.WriteLine("Pooled engines called directly (no HTTP):");
        Console.WriteLine("| threads | predictions/s | answers equal to offline |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (var (threads, rate, equal, total) in direct) Console.WriteLine($"| {threads} | {rate:N0} | {equal:N0} / {total:N0} |");

        await app.StopAsync();
        long mismatches = results.Sum(r => r.Mismatches) + direct.Sum(d => d.Total - d.Equal);
        if (mismatches > 0)
        {
            Console.WriteLine($"FAILED: {mismatches} answers differed from offline scoring.");
            return 1;
        }
        double single = direct.First(d => d.Threads == 1).Rate, eight = direct.First(d => d.Threads == 8).Rate;
        Console.WriteLine($"All answers equal offline scoring. 8 engines / 1 engine throughput: {eight / single:F2}x (HTTP, 8 / 1 clients: " +
                          $"{results.First(r => r.Clients == 8).Rate / results.First(r => r.Clients == 1).Rate:F2}x).");
        return 0;
    }

    private sealed record LevelResult(int Clients, long Requests, long Mismatches, double Seconds, double[] Milliseconds)
    {
        public double Rate => Requests / Seconds;

        public double Percentile(double p)
        {
            var sorted = Milliseconds.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(p / 100 * (sorted.Length - 1))];
        }
    }

    private static async Task<LevelResult> RunLevel(HttpClient http, List<Review> reviews, ReviewScore[] offline, int clients, TimeSpan duration)
    {
        long next = -1, mismatches = 0;
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async client =>
        {
            var own = latencies[client] = new List<double>();
            while (clock.Elapsed < duration)
            {
                int i = (int)(Interlocked.Increment(ref next) % reviews.Count);
                long start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/score", new ScoreRequest(reviews[i].Text));
                response.EnsureSuccessStatusCode();
                var answer = await response.Content.ReadFromJsonAsync<ScoreResponse>();
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!Agrees(answer!.FiveStars, answer.Probability, offline[i])) Interlocked.Increment(ref mismatches);
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        double elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        return new LevelResult(clients, all.Length, mismatches, elapsed, all);
    }

    private static List<(int Threads, double Rate, long Equal, long Total)> MeasureEnginesDirectly(WebApplication app, List<Review> reviews, ReviewScore[] offline, double seconds)
    {
        var pool = app.Services.GetRequiredService<Microsoft.Extensions.ObjectPool.ObjectPool<PredictionEngine<Review, ReviewScore>>>();
        var results = new List<(int, double, long, long)>();
        foreach (int threads in new[] { 1, 8 })
        {
            long done = 0, equal = 0;
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var engine = pool.Get();
                try
                {
                    for (int i = t; clock.Elapsed.TotalSeconds < seconds; i += threads)
                    {
                        var review = reviews[i % reviews.Count];
                        var score = engine.Predict(new Review { Text = review.Text });
                        Interlocked.Increment(ref done);
                        if (Agrees(score.PredictedLabel, score.Probability, offline[i % reviews.Count])) Interlocked.Increment(ref equal);
                    }
                }
                finally
                {
                    pool.Return(engine);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            results.Add((threads, done / clock.Elapsed.TotalSeconds, equal, done));
        }
        return results;
    }

    private static bool Agrees(bool label, float probability, ReviewScore offline) =>
        Math.Abs(probability - offline.Probability) <= Tolerance && (label == offline.PredictedLabel || Math.Abs(offline.Probability - 0.5f) <= Tolerance);

    private static ReviewScore[] ScoreOffline(string modelPath, List<Review> reviews)
    {
        var mlContext = new MLContext();
        var model = mlContext.Model.Load(modelPath, out _);
        var scored = model.Transform(mlContext.Data.LoadFromEnumerable(reviews));
        return mlContext.Data.CreateEnumerable<ReviewScore>(scored, reuseRowObject: false).ToArray();
    }
}
