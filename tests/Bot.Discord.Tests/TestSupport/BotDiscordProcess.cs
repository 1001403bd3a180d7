using System.Diagnostics;
using System.Text;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>
/// One real `bot discord` process (the built bot.dll next to the tests) with the given environment, its stderr kept for
/// failure messages. <see cref="KillAsync"/> is a SIGKILL, <see cref="TerminateAsync"/> a SIGTERM; disposing kills what is
/// still running.
/// </summary>
public sealed class BotDiscordProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private BotDiscordProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stderr so far (its log).</summary>
    public string Log
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public static BotDiscordProcess Start(string workingDirectory, string seeds, string data, IReadOnlyDictionary<string, string> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bot.dll"));
        foreach (var a in new[] { "discord", "--seeds", seeds, "--data", data }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // The bot's settings are the shipped appsettings.json plus what the test passes, never the developer's shell.
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(inherited);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        var bot = new BotDiscordProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (bot._stderr) bot._stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return bot;
    }

    /// <summary>SIGKILL: the process vanishes without closing anything or saving anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the process to stop by itself (a deploy's planned stop).</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill.WaitForExitAsync();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to stop by itself (up to <paramref name="timeout"/>); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
