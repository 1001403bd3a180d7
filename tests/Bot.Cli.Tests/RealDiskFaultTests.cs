using System.Diagnostics;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// The data folder on a real small tmpfs, filled to the last byte or remounted read-only: `ask` still answers from the
/// index it holds, with a one-line notice. Mounting needs root (CAP_SYS_ADMIN); without it these skip and say so, and
/// <see cref="AnsweringNeverWaitsTests"/> covers the same faults with SQLite's error codes injected.
/// </summary>
[Integration(TestCategory.Process)]
public sealed class RealDiskFaultTests : IDisposable
{
    private const string PearsQuestion = "How many crates of pears did the orchard produce?";
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private bool _mounted;

    public RealDiskFaultTests() => _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");

    private static readonly Dictionary<string, string> Lexical = new() { ["Bot__Embeddings__Provider"] = "none", ["Bot__Index__AskRefreshSeconds"] = "120" };

    private string[] Args(params string[] args) => [.. args, "--seeds", _seeds.Path, "--data", _data.Path];

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }

    /// <summary>A 2 MB tmpfs over the data folder, holding an index of the orchard report.</summary>
    private async Task MountAndIndexAsync()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess, "needs root on Linux to mount a tmpfs; AnsweringNeverWaitsTests injects the same faults");
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _data.Path);
        Skip.If(code != 0, $"cannot mount a tmpfs here ({output.Trim()}); AnsweringNeverWaitsTests injects the same faults");
        _mounted = true;
        var index = await BotProcess.RunAsync(Args("index"), env: Lexical);
        Assert.Equal(0, index.ExitCode);
    }

    [SkippableFact]
    public async Task A_full_disk_leaves_ask_answering_from_the_old_index_with_a_notice()
    {
        await MountAndIndexAsync();
        // Fill the file system to the last block.
        // Unbuffered, so nothing is left to flush (and fail) on dispose.
        await using (var filler = new FileStream(Path.Combine(_data.Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            var block = new byte[64 * 1024];
            try { while (true) await filler.WriteAsync(block); }
            catch (IOException) { }
            try { while (true) await filler.WriteAsync(block.AsMemory(0, 512)); }
            catch (IOException) { }
        }
        _seeds.File("harbour.txt", "Harbour log\n\n" + string.Concat(Enumerable.Repeat("The harbour froze over in 1963 and the boats stayed in port. ", 2000)) + "\n");

        var r = await BotProcess.RunAsync(Args("ask", PearsQuestion), env: Lexical);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("900 crates", r.Stdout, StringComparison.Ordinal);
        var notice = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("answering from the index as it is", StringComparison.Ordinal));
        Assert.Contains("run `bot index` to finish", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", r.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_read_only_data_folder_leaves_ask_answering_from_the_old_index_with_a_notice()
    {
        await MountAndIndexAsync();
        var (code, output) = await RunAsync("mount", "-o", "remount,ro", _data.Path);
        Assert.True(code == 0, output);
        _seeds.File("harbour.txt", "Harbour log\n\nThe harbour froze over in 1963.\n");

        var r = await BotProcess.RunAsync(Args("ask", PearsQuestion), env: Lexical);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("900 crates", r.Stdout, StringComparison.Ordinal);
        var notice = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("answering from the index as it is", StringComparison.Ordinal));
        Assert.Contains("Read-only file system", notice, StringComparison.Ordinal);
        Assert.Contains("run `bot index` to finish", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("another process", r.Stderr, StringComparison.Ordinal);
        // `bot index` itself cannot answer from anything: it fails in one line saying why.
        var index = await BotProcess.RunAsync(Args("index"), env: Lexical);
        Assert.Equal(3, index.ExitCode);
        Assert.Contains("Read-only file system", Assert.Single(index.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_mounted) RunAsync("umount", "-l", _data.Path).GetAwaiter().GetResult();
        _seeds.Dispose();
        _data.Dispose();
    }
}
