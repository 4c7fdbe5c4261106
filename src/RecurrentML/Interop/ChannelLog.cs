using Microsoft.ML.Runtime;

namespace RecurrentML.Interop;

/// <summary>Writes to an ML.NET channel, which reaches <c>MLContext.Log</c>. ML.NET's own Info and Warning helpers are
/// internal (HostExtensions, [BestFriend]).</summary>
internal static class ChannelLog
{
    public static void LogInfo(this IChannel channel, string message) => channel.Info(message);

    public static void LogWarning(this IChannel channel, string message) => channel.Warning(message);

    public static void LogTrace(this IChannel channel, string message) => channel.Trace(message);
}
