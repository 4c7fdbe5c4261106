namespace RecurrentML;

/// <summary>Which end of a sequence longer than <see cref="RecurrentEncoderOptions.MaxSequenceLength"/> is cut off.</summary>
public enum TruncationSide
{
    /// <summary>Drop steps from the start and keep the most recent ones (Keras' <c>truncating="pre"</c>).</summary>
    Start,
    /// <summary>Drop steps from the end and keep the first ones.</summary>
    End,
}
