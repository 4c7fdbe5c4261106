using TorchSharp;
using RecurrentML.Interop;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RecurrentML.Network.Kernels;

/// <summary>The ways libtorch can run one dense (unpacked) LSTM layer call.</summary>
internal enum LstmKernel
{
    /// <summary>The plain call: libtorch sends float32 CPU LSTMs to its oneDNN kernel. Fast, but on some AVX-512 CPUs
    /// oneDNN's inference kernel (the one used without gradients) computes another function for many hidden sizes.</summary>
    OneDnn,

    /// <summary>The same call with oneDNN turned off (<see cref="TorchMkldnnSwitch"/>): ATen's generic LSTM, which
    /// projects all steps' inputs in one product and then runs the cell step by step.</summary>
    Generic,

    /// <summary>The steps packed as a sequence of equal lengths: ATen's packed path, which never reaches oneDNN and
    /// needs no native switch; the slowest of the three, kept for a libtorch without the switch.</summary>
    Packed,
}

internal static class LstmKernels
{
    /// <summary>Runs <paramref name="layer"/> over time-major <paramref name="steps"/> [steps, batch, input] on
    /// <paramref name="kernel"/>: the outputs [steps, batch, directions * hidden] and the final hidden state
    /// [directions, batch, hidden].</summary>
    public static (Tensor Outputs, Tensor FinalHidden) Run(LSTM layer, Tensor steps, LstmKernel kernel)
    {
        var (outputs, hidden, _) = RunFrom(layer, steps, null, kernel);
        return (outputs, hidden);
    }

    /// <summary>Like <see cref="Run"/>, from the state <paramref name="start"/> (hidden, cell; zeros when null), also
    /// returning the final cell state, so that a caller can go on where the call ended.</summary>
    public static (Tensor Outputs, Tensor FinalHidden, Tensor FinalCell) RunFrom(LSTM layer, Tensor steps, (Tensor, Tensor)? start, LstmKernel kernel)
    {
        switch (kernel)
        {
            case LstmKernel.OneDnn:
                return layer.call(steps, start);
            case LstmKernel.Generic:
                using (TorchMkldnnSwitch.Disable()) return layer.call(steps, start);
            default:
                using (var scope = NewDisposeScope())
                {
                    using var length = steps.shape[0].ToScalar(); // held: see UniformInitialization
                    var lengths = full(new[] { steps.shape[1] }, length, dtype: ScalarType.Int64);
                    var packed = nn.utils.rnn.pack_padded_sequence(steps, lengths, enforce_sorted: true);
                    var (outputs, hidden, cell) = layer.call(packed, start);
                    var (padded, _) = nn.utils.rnn.pad_packed_sequence(outputs);
                    return (padded.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope(), cell.MoveToOuterDisposeScope());
                }
        }
    }

    /// <summary>The kernel's name, for messages.</summary>
    public static string Describe(LstmKernel kernel) => kernel switch
    {
        LstmKernel.OneDnn => "libtorch's oneDNN LSTM kernel",
        LstmKernel.Generic => "ATen's generic LSTM kernel",
        _ => "ATen's packed-sequence LSTM",
    };
}
