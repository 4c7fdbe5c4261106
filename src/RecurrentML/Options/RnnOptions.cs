namespace RecurrentML;

/// <summary>Options of the plain (Elman) RNN encoder (<c>mlContext.Transforms.Rnn</c>).</summary>
public sealed class RnnOptions : RecurrentEncoderOptions
{
    /// <summary>The cell's activation. Default <see cref="RnnNonlinearity.Tanh"/>.</summary>
    public RnnNonlinearity Nonlinearity = RnnNonlinearity.Tanh;

    internal override RecurrentCell Cell => RecurrentCell.Rnn;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Nonlinearity)) throw Invalid(nameof(Nonlinearity), Nonlinearity, "one of Tanh, Relu");
    }
}
