namespace RecurrentML.Model;

/// <summary>
/// The training head's linear layer as plain values: a row's scores are <see cref="Weight"/> · encoding +
/// <see cref="Bias"/>, one per output of the row label's training head (the logit of a Boolean label, one logit per class of a
/// Key label, the predicted value of a Single label). Kept with the model so that the encoder can add its own
/// prediction as a column: a single feature whose meaning is the same for every network trained on the same label,
/// which is what a trainer after the encoder can learn from out-of-fold values of (stacking). The tagger's row scorer
/// (<c>Network/RowScoring/RowTagger</c>) computes its emission layer, one score per tag, with it too.
/// </summary>
/// <param name="Outputs">Scores per row: the label's outputs (<c>Targets.RowLabel.Outputs</c>).</param>
/// <param name="EncodingSize">Values per encoding.</param>
/// <param name="Weight">[outputs * encoding size], row-major: output o's weights are Weight[o * EncodingSize ..].</param>
/// <param name="Bias">[outputs].</param>
internal sealed record ScoreLayer(int Outputs, int EncodingSize, float[] Weight, float[] Bias)
{
    /// <summary>Writes the scores of one encoding into <paramref name="scores"/> (length <see cref="Outputs"/>).</summary>
    public void Apply(ReadOnlySpan<float> encoding, Span<float> scores)
    {
        for (int o = 0; o < Outputs; o++)
        {
            // Double accumulation: the sum does not depend on the encoding's size or the order of rows.
            double sum = Bias[o];
            var weights = Weight.AsSpan(o * EncodingSize, EncodingSize);
            for (int i = 0; i < EncodingSize; i++) sum += (double)weights[i] * encoding[i];
            scores[o] = (float)sum;
        }
    }

    /// <summary>The scores of <paramref name="rows"/> encodings laid end to end: [rows * <see cref="Outputs"/>].</summary>
    public float[] ApplyAll(ReadOnlySpan<float> encodings, int rows)
    {
        var scores = new float[rows * Outputs];
        for (int r = 0; r < rows; r++) Apply(encodings.Slice(r * EncodingSize, EncodingSize), scores.AsSpan(r * Outputs, Outputs));
        return scores;
    }
}
