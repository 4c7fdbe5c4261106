namespace RecurrentML.Tests;

/// <summary>
/// The recurrent cells written out from their textbook equations in plain C#, in double precision, as the reference
/// the TorchSharp network is checked against. Weight layouts follow torch: gate blocks stacked row-wise, LSTM gates
/// in the order input, forget, candidate, output; GRU gates reset, update, new.
/// </summary>
internal static class TextbookCell
{
    public sealed record Weights(float[] InputWeights, float[] HiddenWeights, float[] InputBias, float[] HiddenBias, int InputSize, int HiddenSize);

    /// <summary>Runs one direction of one layer over <paramref name="steps"/>; returns the hidden state after each step.</summary>
    public static double[][] Run(RecurrentCell cell, Weights w, IReadOnlyList<double[]> steps, bool tanhNonlinearity = true)
    {
        int hidden = w.HiddenSize;
        var h = new double[hidden];
        var c = new double[hidden];
        var outputs = new double[steps.Count][];
        for (int t = 0; t < steps.Count; t++)
        {
            var x = steps[t];
            switch (cell)
            {
                case RecurrentCell.Lstm:
                {
                    var gates = Add(Affine(w.InputWeights, w.InputBias, x, 4 * hidden), Affine(w.HiddenWeights, w.HiddenBias, h, 4 * hidden));
                    for (int j = 0; j < hidden; j++)
                    {
                        double input = Sigmoid(gates[j]);                 // how much of the candidate to write
                        double forget = Sigmoid(gates[hidden + j]);       // how much of the cell state to keep
                        double candidate = Math.Tanh(gates[2 * hidden + j]);
                        double output = Sigmoid(gates[3 * hidden + j]);   // how much of the cell state to show
                        c[j] = forget * c[j] + input * candidate;
                        h[j] = output * Math.Tanh(c[j]);
                    }
                    break;
                }
                case RecurrentCell.Gru:
                {
                    var fromInput = Affine(w.InputWeights, w.InputBias, x, 3 * hidden);
                    var fromHidden = Affine(w.HiddenWeights, w.HiddenBias, h, 3 * hidden);
                    var next = new double[hidden];
                    for (int j = 0; j < hidden; j++)
                    {
                        double reset = Sigmoid(fromInput[j] + fromHidden[j]);
                        double update = Sigmoid(fromInput[hidden + j] + fromHidden[hidden + j]);
                        double candidate = Math.Tanh(fromInput[2 * hidden + j] + reset * fromHidden[2 * hidden + j]);
                        next[j] = (1 - update) * candidate + update * h[j];
                    }
                    h = next;
                    break;
                }
                default:
                {
                    var sum = Add(Affine(w.InputWeights, w.InputBias, x, hidden), Affine(w.HiddenWeights, w.HiddenBias, h, hidden));
                    h = sum.Select(v => tanhNonlinearity ? Math.Tanh(v) : Math.Max(0, v)).ToArray();
                    break;
                }
            }
            outputs[t] = (double[])h.Clone();
        }
        return outputs;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (p, q) => p + q).ToArray();

    private static double[] Affine(float[] matrix, float[] bias, double[] vector, int rows)
    {
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = bias[r];
            for (int k = 0; k < vector.Length; k++) sum += matrix[r * vector.Length + k] * vector[k];
            result[r] = sum;
        }
        return result;
    }
}
