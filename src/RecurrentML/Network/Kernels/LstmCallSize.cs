namespace RecurrentML.Network.Kernels;

/// <summary>The size of one layer call, which decides how fast each kernel is (not whether it is right): its steps and
/// rows.</summary>
internal sealed record LstmCallSize(long Steps, long Rows)
{
    public override string ToString() => $"{Rows} rows × {Steps} steps";
}
