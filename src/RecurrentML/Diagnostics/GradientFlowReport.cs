namespace RecurrentML;

/// <summary>
/// How far back in time the training signal reaches, measured by
/// <see cref="RecurrentEncoderEstimator.FitWithGradientFlow"/>: element t is the L2 norm of the gradient of the training
/// loss with respect to what the first recurrent layer reads at step t (the token's embedding, or the float
/// features), averaged over the probe rows that have a step t, with dropout off. Vanishing gradients show as norms
/// that fall by orders of magnitude from the last steps to the first.
/// </summary>
/// <param name="AtInitialization">Per-step norms with the initial weights.</param>
/// <param name="AfterTraining">Per-step norms with the weights training ended on.</param>
public sealed record GradientFlowReport(IReadOnlyList<double> AtInitialization, IReadOnlyList<double> AfterTraining);
