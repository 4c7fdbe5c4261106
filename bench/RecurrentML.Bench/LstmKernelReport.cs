using System.Runtime.Intrinsics.X86;
using RecurrentML.Network.Kernels;

namespace RecurrentML.Bench;

/// <summary>The CPU facts that decide the LSTM kernel, and the kernels the library's guard chooses for the standard
/// configuration's layer (embedding 64 into hidden 128, timed on its batch of 64 rows of 100 steps), with and without gradients.</summary>
internal sealed record LstmKernelReport(bool Avx512, string OneDnnMaxCpuIsa, string Training, string Scoring)
{
    public string Summary =>
        $"AVX-512 {(Avx512 ? "yes" : "no")}, ONEDNN_MAX_CPU_ISA {OneDnnMaxCpuIsa ?? "unset"}; training: {Training}, scoring: {Scoring}";

    public static LstmKernelReport Describe()
    {
        var layer = new LstmLayerShape(StandardConfig.Embedding, StandardConfig.Hidden, Bidirectional: false);
        var size = new LstmCallSize(StandardConfig.Length, StandardConfig.Batch);
        return new LstmKernelReport(Avx512F.IsSupported, Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA"),
            LstmKernelGuard.Process.Choose(layer, gradients: true, size, null).ToString(),
            LstmKernelGuard.Process.Choose(layer, gradients: false, size, null).ToString());
    }
}
