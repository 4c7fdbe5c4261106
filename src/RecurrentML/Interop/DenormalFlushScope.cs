using System.Runtime.InteropServices;

namespace RecurrentML.Interop;

/// <summary>
/// Turns on flush-to-zero and denormals-are-zero (MXCSR bits FTZ and DAZ) for the calling thread until disposed.
/// Why: when a recurrent network's gradients or Adam's moments fade into denormal floats, x86 CPUs compute on them
/// tens of times slower; an RNN epoch measured 0.8 s went to 33 s. PyTorch offers torch.set_flush_denormal for this;
/// TorchSharp 0.107 does not. torch's worker threads inherit the mode from the thread that first runs a parallel
/// operation, which is a RecurrentML call when RecurrentML is the process's first torch user. Only x86-64 Linux
/// (glibc's fenv_t keeps MXCSR at byte 28); elsewhere this does nothing.
/// </summary>
internal readonly struct DenormalFlushScope : IDisposable
{
    private const uint FlushToZero = 0x8000, DenormalsAreZero = 0x0040;
    private const int FenvSize = 32, MxcsrOffset = 28;
    private static readonly bool Supported = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    private readonly byte[] _previous;

    private DenormalFlushScope(byte[] previous) => _previous = previous;

    /// <summary>Flushes denormals on the calling thread for good (used where torch first loads).</summary>
    public static void KeepOnCurrentThread() => Enter();

    public static DenormalFlushScope Enter()
    {
        if (!Supported) return default;
        var environment = new byte[FenvSize];
        if (fegetenv(environment) != 0) return default;
        var previous = (byte[])environment.Clone();
        uint mxcsr = BitConverter.ToUInt32(environment, MxcsrOffset) | FlushToZero | DenormalsAreZero;
        BitConverter.GetBytes(mxcsr).CopyTo(environment, MxcsrOffset);
        return fesetenv(environment) == 0 ? new DenormalFlushScope(previous) : default;
    }

    public void Dispose()
    {
        if (_previous != null) fesetenv(_previous);
    }

    [DllImport("libm.so.6")]
    private static extern int fegetenv(byte[] environment);

    [DllImport("libm.so.6")]
    private static extern int fesetenv(byte[] environment);
}
