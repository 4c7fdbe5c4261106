namespace RecurrentML;

/// <summary>How a tagger turns each token's recurrent output into its tag.</summary>
public enum TaggerOutputLayer
{
    /// <summary>Each token's tag chosen alone: a softmax over the tags at every step, trained with per-token
    /// cross-entropy (Keras's <c>TimeDistributed(Dense)</c>).</summary>
    Softmax,

    /// <summary>The tags chosen together: a linear-chain conditional random field over the per-step scores, trained on
    /// the whole sentence's likelihood and decoded with Viterbi, so it learns which tags may follow which (the
    /// BiLSTM-CRF of Huang et al. 2015 and Lample et al. 2016).</summary>
    Crf,
}
