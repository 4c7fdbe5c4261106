namespace RecurrentML;

/// <summary>How the per-step outputs of the last recurrent layer become one encoding per row.</summary>
public enum SequencePooling
{
    /// <summary>The final hidden state: the last valid step forward and, when bidirectional, the first step backward.</summary>
    Last,
    /// <summary>The mean of the outputs over the row's valid steps.</summary>
    Mean,
    /// <summary>The element-wise maximum of the outputs over the row's valid steps.</summary>
    Max,
    /// <summary>Additive attention: a learned weight for each valid step (a softmax of v · tanh(W h_t + b)), and the
    /// outputs' weighted sum. The weights can be output with
    /// <see cref="RecurrentEncoderOptions.AttentionWeightsColumnName"/>: which steps the encoding was made of.</summary>
    Attention,
}
