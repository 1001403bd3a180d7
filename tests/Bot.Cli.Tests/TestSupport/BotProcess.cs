using System.Diagnostics;
using System.Text;

namespace Bot.Cli.Tests.TestSupport;

/// <summary>Runs the real `bot` executable (built next to the tests) as a child process.</summary>
public static class BotProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "bot.dll");

    /// <summary>The test-only `bot` with fault points (tests/Bot.FaultHost), built next to the tests like bot.dll.</summary>
    public static string FaultHostDll => Path.Combine(AppContext.BaseDirectory, "Bot.FaultHost.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? env = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // The bot's settings are the shipped appsettings.json plus what the test passes, never the developer's shell.
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(inherited);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"bot {string.Join(' ', args)} did not finish; stderr: {await stderr}");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
