using RecurrentML.Training;
using Xunit;

namespace RecurrentML.Tests.Training;

/// <summary>The warm-up and cosine schedule over the planned steps, and the constant one.</summary>
public class ScheduledLearningRateTests
{
    [Fact]
    public void Warmup_rises_to_the_peak_then_the_rate_decays_to_near_zero()
    {
        const long steps = 1000;
        var schedule = new ScheduledLearningRate(LearningRateSchedule.WarmupCosine, 3e-3, steps);
        var rates = Enumerable.Range(0, (int)steps).Select(s => schedule.At(s)).ToArray();
        int warmup = (int)(steps * ScheduledLearningRate.WarmupFraction);

        Assert.True(rates[0] < 0.05 * 3e-3, $"first rate {rates[0]}");
        Assert.Equal(3e-3, rates[warmup - 1], 12);
        for (int s = 1; s < warmup; s++) Assert.True(rates[s] > rates[s - 1], $"warm-up not rising at step {s}");
        for (int s = warmup; s < steps; s++) Assert.True(rates[s] <= rates[s - 1], $"decay rising at step {s}");
        Assert.Equal(0.01 * 3e-3, rates[^1], 12);
        Assert.Equal(0.5 * 3e-3, rates[warmup + (int)(steps - warmup) / 2], 5);
    }

    [Fact]
    public void Steps_beyond_the_plan_keep_the_final_rate()
    {
        var schedule = new ScheduledLearningRate(LearningRateSchedule.WarmupCosine, 1e-2, 100);
        Assert.Equal(schedule.At(99), schedule.At(150));
    }

    [Fact]
    public void Constant_schedule_gives_the_learning_rate_at_every_step()
    {
        var schedule = new ScheduledLearningRate(LearningRateSchedule.Constant, 1e-3, 100);
        Assert.All(new long[] { 0, 1, 50, 99, 200 }, s => Assert.Equal(1e-3, schedule.At(s)));
    }
}
