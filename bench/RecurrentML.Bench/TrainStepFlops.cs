namespace RecurrentML.Bench;

/// <summary>
/// Analytic floating-point operations of one train step at the standard configuration, counting the matrix products
/// only (they dominate): per step and row the cell multiplies [input, hidden] by gates x hidden weights forward, and
/// backward computes the gradients of both the activations and the weights, twice the forward products.
/// </summary>
internal static class TrainStepFlops
{
    public static int Gates(RecurrentCell cell) => cell switch
    {
        RecurrentCell.Lstm => 4,
        RecurrentCell.Gru => 3,
        _ => 1,
    };

    public static double Forward(RecurrentCell cell) =>
        2.0 * StandardConfig.Batch * StandardConfig.Length * Gates(cell) * StandardConfig.Hidden * (StandardConfig.Embedding + StandardConfig.Hidden);

    public static double TrainStep(RecurrentCell cell) => 3 * Forward(cell);
}
