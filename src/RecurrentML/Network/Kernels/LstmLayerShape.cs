namespace RecurrentML.Network.Kernels;

/// <summary>What decides which kernel libtorch's LSTM call takes, and whether it is right: one layer's sizes and
/// directions (measured: not the batch size, the sequence length or the weights).</summary>
internal sealed record LstmLayerShape(int InputSize, int HiddenSize, bool Bidirectional)
{
    public override string ToString() => $"input {InputSize}, hidden {HiddenSize}, {(Bidirectional ? "bidirectional" : "forward only")}";
}
