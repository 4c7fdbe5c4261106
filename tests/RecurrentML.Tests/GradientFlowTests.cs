using Microsoft.ML;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>FitWithGradientFlow reports one gradient norm per input step, before and after training, and shows the
/// plain RNN's vanishing gradient.</summary>
public class GradientFlowTests
{
    [Fact]
    public void Reports_a_norm_per_step_and_the_rnn_gradient_fades_towards_early_steps()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 300).Select(_ => new Review
        {
            Text = string.Join(' ', Enumerable.Range(0, 40).Select(_ => "w" + random.Next(20))),
            Label = random.Next(2) == 0,
        }).ToList();
        var tokens = TestData.Tokens(mlContext).Fit(mlContext.Data.LoadFromEnumerable(rows));
        var data = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows));
        var probe = tokens.Transform(mlContext.Data.LoadFromEnumerable(rows.Take(32)));

        var (encoder, flow) = EncoderPipelineTests.Encoder(mlContext, RecurrentCell.Rnn, o => { o.MaxEpochs = 1; o.MaxSequenceLength = 40; })
            .FitWithGradientFlow(data, probe);

        Assert.Single(encoder.TrainingHistory);
        Assert.Equal(40, flow.AtInitialization.Count);
        Assert.Equal(40, flow.AfterTraining.Count);
        Assert.All(flow.AtInitialization.Concat(flow.AfterTraining), n => Assert.True(double.IsFinite(n) && n >= 0));
        Assert.True(flow.AtInitialization[0] < 1e-3 * flow.AtInitialization[^1],
            $"RNN gradient at step 1 {flow.AtInitialization[0]:E2}, at step 40 {flow.AtInitialization[^1]:E2}");
    }
}
