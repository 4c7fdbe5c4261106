namespace RecurrentML.Training;

/// <summary>
/// What stops a training on request: the options' <see cref="RecurrentTrainingOptions.CancellationToken"/> and the
/// ML.NET host's cancellation (the MLContext's CancelExecution, checked the way ML.NET's own trainers check it). The
/// trainers check it before every training and validation batch, so <c>Fit</c> stops within one batch of a request
/// with the <see cref="OperationCanceledException"/> of whichever asked.
/// </summary>
internal sealed class TrainingCancellation
{
    private readonly CancellationToken _token;
    private readonly Action _checkHost;

    /// <summary>Nothing to stop on: for passes outside a <c>Fit</c> (a fitted model's evaluation) and for tests.</summary>
    public static readonly TrainingCancellation None = new(CancellationToken.None, () => { });

    /// <param name="token">The user's token.</param>
    /// <param name="checkHost">Throws <see cref="OperationCanceledException"/> when the ML.NET host is cancelled.</param>
    public TrainingCancellation(CancellationToken token, Action checkHost)
    {
        _token = token;
        _checkHost = checkHost;
    }

    public void ThrowIfCancelled()
    {
        _token.ThrowIfCancellationRequested();
        _checkHost();
    }
}
