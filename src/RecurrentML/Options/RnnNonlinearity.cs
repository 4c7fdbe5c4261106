namespace RecurrentML;

/// <summary>The activation of a plain (Elman) RNN cell: h' = f(W x + U h + b).</summary>
public enum RnnNonlinearity
{
    /// <summary>Hyperbolic tangent, squashing to (-1, 1).</summary>
    Tanh,
    /// <summary>Rectified linear unit.</summary>
    Relu,
}
