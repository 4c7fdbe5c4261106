using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ScoringService;

/// <summary>The minimal API: the model is loaded once at start; POST /score borrows a pooled engine per request.</summary>
public static class ScoringApp
{
    public static WebApplication Build(string modelPath, string url, bool quiet)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        if (quiet) builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var mlContext = new MLContext();
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"No model at {modelPath}: run with 'train' first, or pass --model PATH.", modelPath);
        // recipe:start
        var model = mlContext.Model.Load(modelPath, out _);
        // Retained engines: enough for every request in flight on this machine; more are made (and dropped) on bursts.
        var pool = new DefaultObjectPoolProvider { MaximumRetained = 4 * Environment.ProcessorCount }
            .Create(new PredictionEnginePolicy(mlContext, model));
        builder.Services.AddSingleton(pool);

        var app = builder.Build();
        app.MapPost("/score", (ScoreRequest request, ObjectPool<PredictionEngine<Review, ReviewScore>> engines) =>
        {
            if (string.IsNullOrWhiteSpace(request?.Text))
                return Results.BadRequest(new { error = "Expected a JSON body {\"text\": \"...\"} with a non-empty review text." });
            var engine = engines.Get();
            try
            {
                var score = engine.Predict(new Review { Text = request.Text });
                return Results.Ok(new ScoreResponse(score.PredictedLabel, score.Probability, score.Score));
            }
            finally
            {
                engines.Return(engine);
            }
        });
        // recipe:end
        app.MapGet("/health", () => Results.Ok("ok"));
        return app;
    }
}
