using RecurrentML.Network;
using TorchSharp;

namespace RecurrentML.Training;

/// <summary>
/// Stops a training that has diverged, before the optimizer applies the batch that shows it: a batch loss or gradient
/// norm that is not finite, or a batch loss more than <see cref="GrowthLimit"/> times the start value, the mean loss of
/// the first <see cref="StartBatches"/> batches (of those seen so far while there are fewer), or times
/// <see cref="StartFloor"/> when the start is below it.
/// </summary>
/// <remarks>
/// Why 100 times: a training that learns keeps its batch losses below their start, give or take batch-to-batch noise,
/// which is a few times at most (a binary or multiclass cross-entropy starts near ln(classes), a language model near
/// ln(vocabulary), a regression near the labels' mean square). 100 times the start is a cross-entropy whose logits
/// have exploded (69 nats per row for two classes) or a regression off by 10 times its labels' scale; learning rate
/// 1e4 reached 7,436 where the start was 0.69. The start is a mean of several batches so that one lucky first batch
/// does not set a low bar, and it counts from the first batch so that a training that explodes at its second batch
/// is stopped there. Why a floor of 0.1 under the start: a regression on a nearly constant label can start with a loss
/// near zero (1e-8 when the initial outputs happen to sit on the labels), and then an ordinary step that moves an
/// output by 0.01 multiplies it by 10,000. 0.1 is below where any cross-entropy starts (ln 2 = 0.69 for two classes),
/// so classification keeps its own start; a regression that starts near zero stops once its outputs are about 3 off.
/// </remarks>
internal sealed class DivergenceGuard
{
    /// <summary>How far above its start a batch loss may grow.</summary>
    public const double GrowthLimit = 100;

    /// <summary>Batches whose mean loss is the start value.</summary>
    public const int StartBatches = 10;

    /// <summary>The smallest start value the growth limit is measured from.</summary>
    public const double StartFloor = 0.1;

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
        if (_startCount > 0 && loss > GrowthLimit * Math.Max(start, StartFloor))
            throw Diverged(epoch, batch, start >= StartFloor ? $"the batch loss is {loss:G4}, {loss / start:F0} times its start value"
                : $"the batch loss is {loss:G4}, {loss / StartFloor:F0} times {StartFloor}, the floor under a lower start value", start);
        if (_startCount < StartBatches)
        {
            _startSum += loss;
            _startCount++;
        }
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> when a weight of <paramref name="modules"/> is not finite or
    /// lies beyond <see cref="WeightLimit.MaxMagnitude"/> after epoch <paramref name="epoch"/>: a model that goes past
    /// the limit would not load (Persistence/EntryReader.cs), and a weight that large is a training that ran away.</summary>
    public static void CheckWeights(TrainingSettings settings, int epoch, IEnumerable<torch.nn.Module> modules)
    {
        if (WeightLimit.FirstBeyond(modules) is not var (name, magnitude)) return;
        throw new InvalidOperationException(
            $"Training diverged in epoch {epoch}: weight '{name}' reached {(double.IsNaN(magnitude) ? "NaN" : $"magnitude {magnitude:G4}")}, beyond the " +
            $"±{WeightLimit.MaxMagnitude:G} a saved model may hold. {Advice(settings)}");
    }

    private InvalidOperationException Diverged(int epoch, int batch, string what, double start)
    {
        string startValue = double.IsNaN(start) ? "no start value yet: this is the first batch"
            : _startCount == 1 ? $"start value {start:G4}, the first batch's loss"
            : $"start value {start:G4}, the mean loss of the first {_startCount} batches";
        return new InvalidOperationException($"Training diverged in epoch {epoch}, batch {batch}: {what} ({startValue}). {Advice(_settings)}");
    }

    private static string Advice(TrainingSettings settings)
    {
        string clipping = settings.GradientClipNorm > 0 ? $"a lower GradientClipNorm (now {settings.GradientClipNorm})" : "GradientClipNorm (now 0, no clipping) set to e.g. 1";
        return $"Try a lower LearningRate (now {settings.LearningRate}) or {clipping}, or check the label and input values.";
    }
}
