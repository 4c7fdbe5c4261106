using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ScoringService;

/// <summary>
/// Makes prediction engines for the pool from the one loaded model. A <see cref="PredictionEngine{TSrc,TDst}"/> is
/// not thread-safe, so each request borrows one; the model behind them is shared. Engines must not own the model:
/// the pool disposes the engines it drops, and an owning engine would dispose the model with it.
/// </summary>
public sealed class PredictionEnginePolicy(MLContext mlContext, ITransformer model) : IPooledObjectPolicy<PredictionEngine<Review, ReviewScore>>
{
    public PredictionEngine<Review, ReviewScore> Create() =>
        mlContext.Model.CreatePredictionEngine<Review, ReviewScore>(model, new PredictionEngineOptions { OwnsTransformer = false });

    public bool Return(PredictionEngine<Review, ReviewScore> engine) => true;
}
