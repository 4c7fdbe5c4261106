namespace RecurrentML.Training;

/// <summary>
/// Stops a training that has diverged, before the optimizer applies the batch that shows it: a batch loss or gradient
/// norm that is not finite, or a batch loss more than <see cref="GrowthLimit"/> times the start value, the mean loss of
/// the first <see cref="StartBatches"/> batches (of those seen so far while there are fewer).
/// </summary>
/// <remarks>
/// Why 100 times: a training that learns keeps its batch losses below their start, give or take batch-to-batch noise,
/// which is a few times at most (a binary or multiclass cross-entropy starts near ln(classes), a language model near
/// ln(vocabulary), a regression near the labels' mean square). 100 times the start is a cross-entropy whose logits
/// have exploded (69 nats per row for two classes) or a regression off by 10 times its labels' scale; learning rate
/// 1e4 reached 7,436 where the start was 0.69. The start is a mean of several batches so that one lucky first batch
/// does not set a low bar, and it counts from the first batch so that a training that explodes at its second batch
/// is stopped there.
/// </remarks>
internal sealed class DivergenceGuard
{
    /// <summary>How far above its start a batch loss may grow.</summary>
    public const double GrowthLimit = 100;

    /// <summary>Batches whose mean loss is the start value.</summary>
    public const int StartBatches = 10;

    private readonly TrainingSettings _settings;
    private double _startSum;
    private int _startCount;

    public DivergenceGuard(TrainingSettings settings) => _settings = settings;

    /// <summary>Throws <see cref="InvalidOperationException"/> when batch <paramref name="batch"/> of epoch
    /// <paramref name="epoch"/> (both 1-based) shows divergence, and otherwise counts its loss towards the start value.</summary>
    public void Check(int epoch, int batch, double loss, double gradientNorm)
    {
        double start = _startCount > 0 ? _startSum / _startCount : double.NaN;
        if (!double.IsFinite(loss)) throw Diverged(epoch, batch, $"the batch loss is {loss}", start);
        if (!double.IsFinite(gradientNorm)) throw Diverged(epoch, batch, $"the gradient norm is {gradientNorm} (batch loss {loss:G4})", start);
        if (_startCount > 0 && loss > GrowthLimit * start)
            throw Diverged(epoch, batch, $"the batch loss is {loss:G4}, {loss / start:F0} times its start value", start);
        if (_startCount < StartBatches)
        {
            _startSum += loss;
            _startCount++;
        }
    }

    private InvalidOperationException Diverged(int epoch, int batch, string what, double start)
    {
        string startValue = double.IsNaN(start) ? "no start value yet: this is the first batch"
            : _startCount == 1 ? $"start value {start:G4}, the first batch's loss"
            : $"start value {start:G4}, the mean loss of the first {_startCount} batches";
        string clipping = _settings.GradientClipNorm > 0 ? $"a lower GradientClipNorm (now {_settings.GradientClipNorm})" : "GradientClipNorm (now 0, no clipping) set to e.g. 1";
        return new InvalidOperationException(
            $"Training diverged in epoch {epoch}, batch {batch}: {what} ({startValue}). Try a lower LearningRate (now {_settings.LearningRate}) or {clipping}, " +
            "or check the label and input values.");
    }
}
