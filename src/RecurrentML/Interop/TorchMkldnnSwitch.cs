using System.Reflection;
using System.Runtime.InteropServices;

namespace RecurrentML.Interop;

/// <summary>
/// Turns off libtorch's oneDNN (MKL-DNN) operators while a scope is open, so that an LSTM call takes ATen's generic
/// path. libtorch reads its process-wide <c>at::Context</c> flag on every call; TorchSharp does not expose it, so this
/// calls <c>at::globalContext()</c> and <c>at::Context::setUserEnabledMkldnn(bool)</c> in libtorch_cpu by their C++
/// names (Itanium names on Linux and macOS, MSVC names on Windows). Scopes on several threads nest: the flag is
/// restored only when the last one closes. While any scope is open, other torch users in the process also run without
/// oneDNN, which changes their speed, not their results. A check of the oneDNN kernel holds the flag as set
/// (<see cref="HoldAsSet"/>), so that a scope opened on another thread cannot make it measure the generic kernel.
/// </summary>
internal static class TorchMkldnnSwitch
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool GetEnabled(IntPtr context);

    private sealed record Entry(IntPtr Context, SetEnabled Set, GetEnabled Get);

    private static readonly Lazy<Entry> Native = new(Find);
    private static readonly object Gate = new();
    private static int _disablingScopes;
    private static bool _heldEnabled;
    private static bool _enabledBefore;

    /// <summary>Whether this libtorch exports the flag's accessors (checked once).</summary>
    public static bool IsAvailable => Native.Value != null;

    /// <summary>Turns oneDNN off until the returned scope is disposed. Requires <see cref="IsAvailable"/>.</summary>
    public static Scope Disable()
    {
        var native = Native.Value ?? throw new InvalidOperationException("This libtorch does not export at::Context::setUserEnabledMkldnn.");
        lock (Gate)
        {
            while (_heldEnabled) Monitor.Wait(Gate);
            if (_disablingScopes++ == 0)
            {
                _enabledBefore = native.Get(native.Context);
                native.Set(native.Context, false);
            }
        }
        return new Scope(disabling: true);
    }

    /// <summary>Keeps oneDNN as the application set it (no <see cref="Disable"/> scope open on any thread) until the
    /// returned scope is disposed: while a kernel is checked, no other thread may switch it.</summary>
    public static Scope HoldAsSet()
    {
        if (!IsAvailable) return default;
        lock (Gate)
        {
            while (_disablingScopes > 0 || _heldEnabled) Monitor.Wait(Gate);
            _heldEnabled = true;
        }
        return new Scope(disabling: false);
    }

    public readonly struct Scope : IDisposable
    {
        private readonly bool? _disabling;

        internal Scope(bool disabling) => _disabling = disabling;

        public void Dispose()
        {
            if (_disabling is not { } disabling) return;
            lock (Gate)
            {
                if (!disabling) _heldEnabled = false;
                else if (--_disablingScopes == 0) Native.Value.Set(Native.Value.Context, _enabledBefore);
                Monitor.PulseAll(Gate);
            }
        }
    }

    private static Entry Find()
    {
        TorchNativeLoader.EnsureLoadable();
        // TorchSharp has loaded libtorch_cpu by the time a network exists; loading it again returns the same copy.
        if (!NativeLibrary.TryLoad("torch_cpu", Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out var library) &&
            !NativeLibrary.TryLoad(OperatingSystem.IsWindows() ? "torch_cpu.dll" : "libtorch_cpu.so", out library))
            return null;
        var context = Export<GlobalContext>(library, "_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ");
        var set = Export<SetEnabled>(library, "_ZN2at7Context20setUserEnabledMkldnnEb", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z");
        var get = Export<GetEnabled>(library, "_ZNK2at7Context17userEnabledMkldnnEv", "?userEnabledMkldnn@Context@at@@QEBA_NXZ");
        return context == null || set == null || get == null ? null : new Entry(context(), set, get);
    }

    private static T Export<T>(IntPtr library, params string[] names) where T : Delegate
    {
        foreach (string name in names)
            if (NativeLibrary.TryGetExport(library, name, out var address)) return Marshal.GetDelegateForFunctionPointer<T>(address);
        return null;
    }
}
