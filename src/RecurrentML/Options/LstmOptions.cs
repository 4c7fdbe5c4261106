namespace RecurrentML;

/// <summary>Options of the LSTM encoder (<c>mlContext.Transforms.Lstm</c>).</summary>
public sealed class LstmOptions : RecurrentEncoderOptions
{
    internal override RecurrentCell Cell => RecurrentCell.Lstm;
}
