using System.Runtime.InteropServices;

namespace RecurrentML.Interop;

/// <summary>
/// Keeps glibc from handing every large tensor buffer back to the kernel. By default glibc serves an allocation above its
/// mmap threshold (dynamic, at most 32 MiB) with a fresh mmap and unmaps it on free, and trims the heap's free top; libtorch
/// allocates and frees the same large buffers every training step (an embedding's dense gradient and Adam's temporaries
/// for a 127,000-word vocabulary are 32 to 51 MB each), so each step page-faulted them in again, zeroed by the kernel:
/// 130 million minor page faults in one IMDB study run, and a train step at IMDB's sizes took 123 ms (embedding 64) and
/// 331 ms (embedding 100) instead of 42 and 55 ms with the thresholds below (bench measure 11, same machine, minutes
/// apart). Raising both thresholds to 1 GiB keeps freed buffers in the heap for the next step, at the cost of memory the
/// process keeps (docs/platform-notes.md). Applied once, before libtorch loads, on glibc only; not when the process set
/// glibc's own malloc variables (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, GLIBC_TUNABLES), which then decide, or
/// RECURRENTML_MALLOC_TUNING=0.
/// </summary>
internal static class NativeAllocatorTuning
{
    internal const int TrimThreshold = -1, MmapThreshold = -3; // glibc's M_TRIM_THRESHOLD and M_MMAP_THRESHOLD
    internal const int Threshold = 1 << 30;

    /// <summary>What was done, for the log: null when nothing was tried (not Linux).</summary>
    public static string Apply() => Apply(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable, Mallopt);

    /// <summary><see cref="Apply()"/> with the platform, the environment and glibc's <c>mallopt</c> given (tests inject them).</summary>
    internal static string Apply(bool linux, Func<string, string> environment, Func<int, int, int> mallopt)
    {
        if (!linux) return null;
        if (environment("RECURRENTML_MALLOC_TUNING") == "0") return "glibc malloc thresholds left as they are (RECURRENTML_MALLOC_TUNING=0).";
        foreach (string variable in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" })
            if (environment(variable) != null) return $"glibc malloc thresholds left as they are ({variable} is set).";
        try
        {
            bool applied = mallopt(MmapThreshold, Threshold) == 1 & mallopt(TrimThreshold, Threshold) == 1;
            return applied ? Raised : "glibc refused the malloc thresholds; they are left as they are.";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "no glibc mallopt (another C library): malloc thresholds left as they are.";
        }
    }

    public const string Raised = "glibc malloc thresholds raised to 1 GiB (RECURRENTML_MALLOC_TUNING=0 turns this off).";

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
