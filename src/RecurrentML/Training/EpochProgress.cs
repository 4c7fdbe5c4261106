namespace RecurrentML.Training;

/// <summary>
/// Tells how far an epoch has got, as trace lines "Progress: {what} epoch e/E, batch b/B" (about 40 per epoch, and
/// the last batch), which <see cref="TrainingProgress"/> draws as a bar inside long epochs. Applications that show
/// only Info lines never see them.
/// </summary>
internal sealed class EpochProgress
{
    public const string Prefix = "Progress: ";
    private const int LinesPerEpoch = 40;

    private readonly Action<string> _trace;
    private readonly string _what;
    private readonly int _epochs;

    /// <param name="trace">Writes a trace line to the training's channel.</param>
    /// <param name="what">What trains ("Lstm encoder", "Lstm language model").</param>
    /// <param name="epochs">The planned epochs.</param>
    public EpochProgress(Action<string> trace, string what, int epochs)
    {
        _trace = trace;
        _what = what;
        _epochs = epochs;
    }

    /// <summary>Batch <paramref name="batch"/> of <paramref name="batches"/> (1-based) of epoch <paramref name="epoch"/> is done.</summary>
    public void Done(int epoch, int batch, int batches)
    {
        int every = Math.Max(1, batches / LinesPerEpoch);
        if (batch % every == 0 || batch == batches) _trace($"{Prefix}{_what} epoch {epoch}/{_epochs}, batch {batch}/{batches}");
    }
}
