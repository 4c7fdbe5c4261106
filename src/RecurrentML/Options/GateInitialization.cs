namespace RecurrentML;

/// <summary>How the gate biases of an LSTM or GRU start. torch keeps two bias vectors per layer (input-to-hidden and
/// hidden-to-hidden) that add up; the values below are for their sum, set on the input-to-hidden vector with the
/// hidden-to-hidden one at zero. The "keep" gate is the LSTM's forget gate and the GRU's update gate z (torch's GRU
/// computes h' = (1 - z) n + z h, so z near 1 keeps the state).</summary>
public enum GateInitialization
{
    /// <summary>torch's default: every bias uniform in ±1/√hidden, so the keep gate starts half open and the state
    /// halves at every step.</summary>
    Uniform,
    /// <summary>Keep-gate bias 1, every other bias 0 (Keras' <c>unit_forget_bias</c>, Jozefowicz et al. 2015): the
    /// keep gate starts at sigmoid(1) = 0.73.</summary>
    UnitForgetBias,
    /// <summary>Chrono initialisation (Tallec and Ollivier 2018): keep-gate bias log(u) with u uniform in [1, T - 1],
    /// for the LSTM the input-gate bias its negative, every other bias 0, where T is
    /// <see cref="GatedEncoderOptions.ChronoMaxTimescale"/>: the units start remembering over spans of 1 to T steps.</summary>
    Chrono,
}
