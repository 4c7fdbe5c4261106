using RecurrentML.Interop;
using Xunit;

namespace RecurrentML.Tests.Reliability;

/// <summary>When the library raises glibc's malloc thresholds before libtorch loads, and when it leaves them: decided on
/// an injected platform, environment and mallopt, so every branch is tested on any machine; and what this process got.</summary>
public class NativeAllocatorTuningTests
{
    private static Func<string, string> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void On_glibc_both_thresholds_are_raised_to_1_GiB()
    {
        var calls = new List<(int, int)>();
        string message = NativeAllocatorTuning.Apply(true, Environment(), (parameter, value) => { calls.Add((parameter, value)); return 1; });
        Assert.Equal(NativeAllocatorTuning.Raised, message);
        Assert.Equal(new[] { (NativeAllocatorTuning.MmapThreshold, 1 << 30), (NativeAllocatorTuning.TrimThreshold, 1 << 30) }, calls);
    }

    [Theory]
    [InlineData("RECURRENTML_MALLOC_TUNING", "0", "RECURRENTML_MALLOC_TUNING=0")]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "65536", "MALLOC_MMAP_THRESHOLD_ is set")]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "65536", "MALLOC_TRIM_THRESHOLD_ is set")]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.arena_max=2", "GLIBC_TUNABLES is set")]
    public void The_process_own_malloc_settings_or_the_opt_out_leave_glibc_alone(string variable, string value, string reason)
    {
        string message = NativeAllocatorTuning.Apply(true, Environment((variable, value)), (_, _) => throw new InvalidOperationException("mallopt must not be called"));
        Assert.Contains(reason, message);
    }

    [Fact]
    public void A_refusal_or_another_C_library_is_reported_and_other_platforms_are_left_alone()
    {
        Assert.Contains("refused", NativeAllocatorTuning.Apply(true, Environment(), (_, _) => 0));
        Assert.Contains("another C library", NativeAllocatorTuning.Apply(true, Environment(), (_, _) => throw new EntryPointNotFoundException()));
        Assert.Null(NativeAllocatorTuning.Apply(false, Environment(), (_, _) => throw new InvalidOperationException("mallopt must not be called")));
    }

    [Fact]
    public void This_test_process_got_the_raised_thresholds_on_glibc_unless_it_set_its_own()
    {
        TorchNativeLoader.EnsureLoadable();
        bool ownSettings = new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES", "RECURRENTML_MALLOC_TUNING" }
            .Any(v => System.Environment.GetEnvironmentVariable(v) != null);
        if (!OperatingSystem.IsLinux()) Assert.Null(TorchNativeLoader.AllocatorTuning);
        else if (!ownSettings) Assert.Equal(NativeAllocatorTuning.Raised, TorchNativeLoader.AllocatorTuning);
        else Assert.Contains("left as they are", TorchNativeLoader.AllocatorTuning);
    }
}
