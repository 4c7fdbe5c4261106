namespace RecurrentML.Interop;

/// <summary>
/// Run-time fallback of the build-time libtorch fix (buildTransitive/RecurrentML.targets): before the first TorchSharp
/// call, patches the copies of libLibTorchSharp.so beside the application if the build did not. Covers applications
/// published or copied without the targets. Must run before TorchSharp loads its native library.
/// </summary>
internal static class TorchNativeLoader
{
    private static readonly Lazy<bool> Ensured = new(Patch);

    public static void EnsureLoadable() => _ = Ensured.Value;

    /// <summary>What <see cref="NativeAllocatorTuning"/> did before libtorch loaded; null before that or off Linux.</summary>
    public static string AllocatorTuning { get; private set; }

    private static bool Patch()
    {
        // torch creates worker threads as it loads; they take this thread's floating-point mode (DenormalFlushScope).
        DenormalFlushScope.KeepOnCurrentThread();
        AllocatorTuning = NativeAllocatorTuning.Apply();
        if (!OperatingSystem.IsLinux()) return true;
        string baseDirectory = AppContext.BaseDirectory;
        foreach (string folder in new[] { baseDirectory, Path.Combine(baseDirectory, "runtimes", "linux-x64", "native") })
        {
            string library = Path.Combine(folder, "libLibTorchSharp.so");
            if (!File.Exists(library)) continue;
            try
            {
                GlibcxxVersionNeedPatch.Apply(library);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only install: TorchSharp's own load error follows and names the library.
                Console.Error.WriteLine($"RecurrentML: could not patch {library} for older libstdc++ ({e.Message}).");
            }
        }
        return true;
    }
}
