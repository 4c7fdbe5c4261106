using RecurrentML.Targets;
using RecurrentML.Data;
using RecurrentML.Network;
using static TorchSharp.torch;

namespace RecurrentML.Training;

/// <summary>
/// Measures how far the training signal reaches back in time: the L2 norm of the gradient of the loss with respect to
/// what the first recurrent layer reads at step t (the token's embedding, or the float features), averaged over the
/// probe rows that have a step t. A plain RNN's norms shrink geometrically towards early steps; gated cells keep them.
/// </summary>
internal sealed class GradientProbe
{
    private readonly PaddedBatch _batch;
    private readonly float[] _labels;

    public GradientProbe(SequenceStore probeRows)
    {
        var rows = Enumerable.Range(0, probeRows.Count).ToArray();
        _batch = probeRows.Batch(rows);
        _labels = rows.Select(probeRows.Label).ToArray();
    }

    public double[] AtInitialization { get; private set; }
    public double[] AfterTraining { get; private set; }

    public void MeasureInitial(EncoderNetwork network, TrainingHead head, RowLabel label, Device device) =>
        AtInitialization = Measure(network, head, label, device);

    public void MeasureTrained(EncoderNetwork network, TrainingHead head, RowLabel label, Device device) =>
        AfterTraining = Measure(network, head, label, device);

    private double[] Measure(EncoderNetwork network, TrainingHead head, RowLabel label, Device device)
    {
        bool networkTraining = network.training, headTraining = head.training;
        network.eval();
        head.eval();
        try
        {
            using var scope = NewDisposeScope();
            var (input, lengths) = BatchTensors.Create(_batch, device);
            var steps = network.EmbedSteps(input).detach().requires_grad_(true);
            var loss = label.Loss(head.call(network.EncodeSteps(steps, lengths).Encoding), label.Labels(_labels, device));
            loss.backward();
            // [steps, batch] norms; padding steps have no gradient and are left out of each step's mean.
            var norms = steps.grad.norm(2, false, 2).cpu().data<float>().ToArray();
            var means = new double[_batch.Steps];
            for (int t = 0; t < _batch.Steps; t++)
            {
                var valid = Enumerable.Range(0, _batch.Rows).Where(r => _batch.Lengths[r] > t).ToList();
                means[t] = valid.Average(r => (double)norms[t * _batch.Rows + r]);
            }
            network.zero_grad();
            head.zero_grad();
            return means;
        }
        finally
        {
            network.train(networkTraining);
            head.train(headTraining);
        }
    }
}
