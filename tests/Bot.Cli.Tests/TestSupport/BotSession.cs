using System.Diagnostics;
using System.Text;
using Bot.FaultHost;

namespace Bot.Cli.Tests.TestSupport;

/// <summary>
/// A long-running `bot` child process the test talks to: write lines to its standard input, wait for lines on its
/// output, or SIGKILL it (crash-safety tests).
/// </summary>
public sealed class BotSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly SemaphoreSlim _changed = new(0);

    private BotSession(Process process) => _process = process;

    public static BotSession Start(IEnumerable<string> args, IDictionary<string, string>? env = null) => Start(BotProcess.Dll, args, env);

    /// <summary>
    /// Starts the fault host (`bot` with blocking index fault points) so it logs the pause marker and blocks the n-th
    /// time it reaches the point in <paramref name="pauseAt"/> (<c>point:n</c>, e.g. <c>in-upsert:2</c>). Documents are
    /// written one per transaction (<c>Bot:IndexBatchDocuments=1</c>, unless <paramref name="env"/> says otherwise), so
    /// the n-th write is the n-th document, as these crash tests count; batched writes have tests of their own.
    /// </summary>
    public static BotSession StartPausingAt(string pauseAt, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var withPause = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { [PauseAt.Variable] = pauseAt };
        withPause.TryAdd("Bot__IndexBatchDocuments", "1");
        return Start(BotProcess.FaultHostDll, args, withPause);
    }

    /// <summary>Starts the fault host with the switches in <paramref name="env"/> (BOT_FAULT_FAIL_AT, BOT_FAULT_SLOW_EMBED_MS …).</summary>
    public static BotSession StartFaultHost(IEnumerable<string> args, IDictionary<string, string> env) => Start(BotProcess.FaultHostDll, args, env);

    private static BotSession Start(string dll, IEnumerable<string> args, IDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var session = new BotSession(new Process { StartInfo = psi, EnableRaisingEvents = true });
        session._process.OutputDataReceived += (_, e) => session.Add(session._stdout, e.Data);
        session._process.ErrorDataReceived += (_, e) => session.Add(session._stderr, e.Data);
        session._process.Start();
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        return session;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_stdout) return string.Join('\n', _stdout); } }

    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    private void Add(List<string> lines, string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
        _changed.Release();
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for a line of standard output (or error) containing <paramref name="text"/>, after line <paramref name="from"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout, bool stderr = false, int from = 0)
    {
        var lines = stderr ? _stderr : _stdout;
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            lock (lines)
            {
                var hit = lines.Skip(from).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (hit is not null) return hit;
            }
            if (_process.HasExited && _changed.CurrentCount == 0)
                throw new InvalidOperationException($"bot exited ({_process.ExitCode}) without printing '{text}'.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            try { await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    public int StdoutLineCount { get { lock (_stdout) return _stdout.Count; } }

    /// <summary>SIGKILL: the process gets no chance to clean up, like a power cut or the OOM killer.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

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
        _changed.Dispose();
    }
}
