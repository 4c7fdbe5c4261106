namespace RecurrentML.Bench;

/// <summary>
/// Measure (3)'s fraction: the train step's FLOP rate over the matrix-multiply peak. The two are measured in
/// alternating rounds (a peak burst, then a few train steps) and the fraction taken per round, because this machine's
/// speed drifts by up to 2x within minutes; the median round is reported. The fraction of the per-step recurrent
/// product's own rate is reported beside it.
/// </summary>
internal static class PeakFraction
{
    /// <param name="PeakGflops">The 1024x1024 product: the machine's practical peak.</param>
    /// <param name="StepShapeGflops">The 64x128 @ 128x512 product, the shape of the LSTM's per-step recurrent multiply:
    /// what the hardware gives at the sizes a step can use, since steps depend on each other.</param>
    public sealed record Round(double PeakGflops, double StepShapeGflops, double StepMilliseconds, double Fraction, double StepShapeFraction);

    public static List<Round> Measure(RecurrentCell cell, int rounds, int threads)
    {
        var peakShape = MatMulPeak.Shapes[0];
        using var session = new TrainStepBenchmark.TrainingSession(cell, threads);
        var batches = SyntheticBatches.Create(4, seed: 9);
        for (int i = 0; i < 3; i++) session.Step.Run(batches[i].Batch, batches[i].Labels);
        var result = new List<Round>();
        for (int r = 0; r < rounds; r++)
        {
            double peak = MatMulPeak.Measure(peakShape, repeats: 2);
            double stepShape = MatMulPeak.Measure(MatMulPeak.Shapes[2], repeats: 2);
            var step = StepTimes.Measure(0, 3, i => session.Step.Run(batches[i % batches.Length].Batch, batches[i % batches.Length].Labels));
            double gflops = TrainStepFlops.TrainStep(cell) / (step.Median / 1000) / 1e9;
            result.Add(new Round(peak, stepShape, step.Median, gflops / peak, gflops / stepShape));
        }
        return result;
    }
}
