namespace RecurrentML;

/// <summary>Options of the GRU encoder (<c>mlContext.Transforms.Gru</c>).</summary>
public sealed class GruOptions : GatedEncoderOptions
{
    internal override RecurrentCell Cell => RecurrentCell.Gru;
}
