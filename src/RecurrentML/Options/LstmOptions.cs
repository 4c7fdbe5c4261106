namespace RecurrentML;

/// <summary>Options of the LSTM encoder (<c>mlContext.Transforms.Lstm</c>).</summary>
public sealed class LstmOptions : GatedEncoderOptions
{
    internal override RecurrentCell Cell => RecurrentCell.Lstm;
}
