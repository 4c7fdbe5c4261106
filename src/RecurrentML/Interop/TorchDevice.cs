using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RecurrentML.Interop;

/// <summary>Chooses the TorchSharp device the way ML.NET's own TorchSharp components do: MLContext.GpuDeviceId names a
/// CUDA device; when none is available, MLContext.FallbackToCpu decides between the CPU and an error.</summary>
internal static class TorchDevice
{
    private static int _allocatorReported;

    public static Device Select(IHostEnvironment environment, IChannel channel)
    {
        TorchNativeLoader.EnsureLoadable();
        // Once a process: what was done to glibc's malloc before libtorch loaded (NativeAllocatorTuning).
        if (TorchNativeLoader.AllocatorTuning is { } tuning && Interlocked.Exchange(ref _allocatorReported, 1) == 0) channel.Info(tuning);
        var (gpu, fallbackToCpu) = MlNetInternals.DeviceSettings(environment);
        if (gpu is not int id) return CPU;
        if (cuda.is_available() && id < cuda.device_count()) return new Device(DeviceType.CUDA, id);
        if (!fallbackToCpu)
            throw new InvalidOperationException(
                $"MLContext.GpuDeviceId is {id} but this TorchSharp build sees {(cuda.is_available() ? cuda.device_count() : 0)} CUDA devices; " +
                "reference a CUDA TorchSharp package, or set MLContext.FallbackToCpu = true to train on the CPU.");
        channel.Warning($"MLContext.GpuDeviceId is {id} but no such CUDA device is available; falling back to the CPU.");
        return CPU;
    }
}
