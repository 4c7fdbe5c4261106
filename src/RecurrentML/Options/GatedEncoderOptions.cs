namespace RecurrentML;

/// <summary>Options shared by the gated cells, <see cref="LstmOptions"/> and <see cref="GruOptions"/>: how their gate
/// biases start, which decides how long they remember before training has taught them anything.</summary>
public abstract class GatedEncoderOptions : RecurrentEncoderOptions
{
    /// <summary>How the gate biases start. Default <see cref="RecurrentML.GateInitialization.Chrono"/>: on first-token
    /// recall it was the only one of the three with which the cells learned beyond a few tens of steps (README, "Why
    /// gates matter").</summary>
    public GateInitialization GateInitialization = GateInitialization.Chrono;

    /// <summary>T of <see cref="RecurrentML.GateInitialization.Chrono"/>: keep-gate biases log(u) with u uniform in
    /// [1, T - 1], so the units start remembering over spans of up to about T steps. At least 3.
    /// <see langword="null"/> uses <see cref="RecurrentEncoderOptions.MaxSequenceLength"/>, or 3 when that is smaller.
    /// Default <see langword="null"/>.</summary>
    public int? ChronoMaxTimescale;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(GateInitialization)) throw Invalid(nameof(GateInitialization), GateInitialization, "one of Uniform, UnitForgetBias, Chrono");
        if (ChronoMaxTimescale is int timescale && timescale < 3) throw Invalid(nameof(ChronoMaxTimescale), timescale, "an integer >= 3");
    }
}
