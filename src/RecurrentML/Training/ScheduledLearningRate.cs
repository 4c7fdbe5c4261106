namespace RecurrentML.Training;

/// <summary>The learning rate of each step under a <see cref="LearningRateSchedule"/> over a planned number of steps.</summary>
internal sealed class ScheduledLearningRate
{
    /// <summary>Share of the planned steps spent warming up.</summary>
    public const double WarmupFraction = 0.05;

    private readonly LearningRateSchedule _schedule;
    private readonly double _peak;
    private readonly long _plannedSteps;
    private readonly long _warmupSteps;

    public ScheduledLearningRate(LearningRateSchedule schedule, double peak, long plannedSteps)
    {
        _schedule = schedule;
        _peak = peak;
        _plannedSteps = Math.Max(1, plannedSteps);
        _warmupSteps = (long)Math.Ceiling(_plannedSteps * WarmupFraction);
    }

    /// <summary>The rate for step <paramref name="step"/> (0-based).</summary>
    public double At(long step)
    {
        if (_schedule == LearningRateSchedule.Constant) return _peak;
        if (step < _warmupSteps) return _peak * (step + 1) / _warmupSteps;
        double progress = Math.Min(1, (double)(step - _warmupSteps + 1) / Math.Max(1, _plannedSteps - _warmupSteps));
        // Ends a little above 0 so the last planned step still moves the weights.
        return _peak * Math.Max(0.01, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
