using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bot.Core.Diagnostics;

/// <summary>
/// Where a one-shot command's time goes: with <c>BOT_TRACE_STARTUP=1</c> in the environment, named marks (wall time since
/// the process started and the process's CPU time so far) are collected here and printed by the CLI on standard error
/// when the command ends. Off (the default), <see cref="Mark"/> costs one field read.
/// </summary>
public static class StartupTrace
{
    private static readonly ConcurrentQueue<(string Name, double WallMs, double CpuMs, int Thread, double JitMs, long JitMethods)> Marks = new();

    /// <summary>Whether marks are collected (<c>BOT_TRACE_STARTUP=1</c>).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("BOT_TRACE_STARTUP") == "1";

    /// <summary>Records that <paramref name="name"/> has just finished.</summary>
    public static void Mark(string name)
    {
        if (!Enabled) return;
        using var process = Process.GetCurrentProcess();
        var wall = (DateTime.Now - process.StartTime).TotalMilliseconds;
        Marks.Enqueue((name, wall, process.TotalProcessorTime.TotalMilliseconds, Environment.CurrentManagedThreadId,
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds, System.Runtime.JitInfo.GetCompiledMethodCount()));
    }

    /// <summary>The marks so far as lines ("  412 ms wall   230 ms CPU   95 ms JIT ( 1200 methods)  [t1] services built": the JIT figures are the process's
    /// compilation time and methods compiled so far, all threads), oldest first.</summary>
    public static IReadOnlyList<string> Lines() =>
        Marks.OrderBy(m => m.WallMs).Select(m => $"{m.WallMs,7:F0} ms wall {m.CpuMs,7:F0} ms CPU {m.JitMs,6:F0} ms JIT ({m.JitMethods,5} methods)  [t{m.Thread}] {m.Name}").ToList();
}
