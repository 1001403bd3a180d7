using System.Diagnostics;
using System.Threading.Channels;
using Bot.Core.Answering;
using Bot.Core.DependencyInjection;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Bot.Core.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Tests.Watching;

public sealed class SeedWatcherTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();
    private readonly Channel<ReindexedEventArgs> _events = Channel.CreateUnbounded<ReindexedEventArgs>();
    private ServiceProvider _services = null!;
    private SeedWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        _seeds.File("lighthouse.txt", "Lighthouse log\n\nThe keeper counted 42 ships in March.\n");
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Watch:DebounceMilliseconds"] = "100",
            ["Bot:Watch:SettleMilliseconds"] = "300",
            ["Bot:Watch:RescanSeconds"] = "0",
        };
        _services = CoreHost.Create(_seeds.Path, _data.Path, settings, s => s.AddSeedWatching(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        await _services.GetRequiredService<IIndexer>().IndexAsync(false, null, TestTimeout.Token());
        _watcher = _services.GetRequiredService<SeedWatcher>();
        _watcher.Reindexed += (_, e) => _events.Writer.TryWrite(e);
        Assert.Same(_watcher, _services.GetServices<IHostedService>().Single());
        Assert.Same(_watcher, _services.GetRequiredService<IReindexer>());
        await _watcher.StartAsync(TestTimeout.Token());
        await _watcher.Watching.WaitAsync(TestTimeout.Token());
    }

    private async Task<ReindexedEventArgs> NextEvent(int seconds = 15) => await _events.Reader.ReadAsync(TestTimeout.Token(seconds));

    private Task<Answer> Ask(string q) => _services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(q), TestTimeout.Token());

    [Fact]
    public async Task A_new_file_is_indexed_within_seconds_and_announced()
    {
        var sw = Stopwatch.StartNew();
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");

        var e = await NextEvent();

        Assert.Null(e.Error);
        Assert.Equal(ReindexTrigger.FileChange, e.Trigger);
        Assert.Equal(["Orchard report"], e.Report!.AddedTitles);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Equal("orchard.txt", (await Ask("How many crates of pears did the orchard produce?")).Quotes[0].Path);
    }

    [Fact]
    public async Task A_fifo_and_a_link_to_it_do_not_stop_the_watcher_which_keeps_indexing()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // no FIFOs in the file system elsewhere
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_seeds.Path, "p.txt")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        File.CreateSymbolicLink(Path.Combine(_seeds.Path, "news.txt"), "p.txt");
        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");

        await UntilAddedAsync("Orchard report");
        // With the FIFO gone too, the watcher goes on as before.
        File.Delete(Path.Combine(_seeds.Path, "p.txt"));
        _seeds.File("harbour.txt", "Harbour log\n\nThe harbour froze over in 1963.\n");
        await UntilAddedAsync("Harbour log");
        Assert.Equal("harbour.txt", (await Ask("When did the harbour freeze over?")).Quotes[0].Path);
    }

    private async Task UntilAddedAsync(string title)
    {
        while (true)
        {
            var e = await NextEvent(60);
            Assert.Null(e.Error);
            if (e.Report!.AddedTitles.Contains(title)) return;
        }
    }

    [Fact]
    public async Task A_file_still_being_written_is_indexed_once_complete()
    {
        var path = Path.Combine(_seeds.Path, "slow.txt");
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        {
            var writer = new StreamWriter(stream);
            await writer.WriteAsync("Slow notes\n\n");
            for (int i = 0; i < 8; i++)
            {
                await writer.WriteAsync($"Line {i} of the slow notes mentions nothing much. ");
                await writer.FlushAsync();
                await Task.Delay(80);
            }
            await writer.WriteAsync("The final line says the ferry left at dawn.\n");
            await writer.FlushAsync();
        }

        var e = await NextEvent();

        Assert.Equal(1, e.Report!.Added);
        Assert.Contains("ferry left at dawn", (await Ask("When did the ferry leave?")).Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_file_is_noticed_and_it_no_longer_answers()
    {
        File.Delete(Path.Combine(_seeds.Path, "lighthouse.txt"));
        var e = await NextEvent();
        Assert.Equal(["lighthouse.txt"], e.Report!.RemovedPaths);
        Assert.False((await Ask("How many ships did the keeper count?")).Answered);
    }

    [Fact]
    public async Task Re_index_now_returns_the_counts_and_notifies()
    {
        await _watcher.StopAsync(TestTimeout.Token()); // no background run racing the on-demand one
        _seeds.File("bridge.txt", "Bridge notes\n\nThe old bridge was painted green.\n");

        var report = await _watcher.ReindexNowAsync(TestTimeout.Token());

        Assert.Equal((1, 1), (report.Added, report.Unchanged));
        Assert.Same(report, _watcher.LastReport);
        var e = await NextEvent();
        Assert.Equal(ReindexTrigger.OnDemand, e.Trigger);
        Assert.Same(report, e.Report);
    }

    [Fact]
    public async Task Without_file_events_the_periodic_rescan_still_picks_up_changes()
    {
        await _watcher.StopAsync(TestTimeout.Token());
        var settings = new Dictionary<string, string?> { ["Bot:Watch:FileEvents"] = "false", ["Bot:Watch:RescanSeconds"] = "1" };
        await using var services = CoreHost.Create(_seeds.Path, _data.Path, settings, s => s.AddSeedWatching(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        var polling = services.GetRequiredService<SeedWatcher>();
        var events = Channel.CreateUnbounded<ReindexedEventArgs>();
        polling.Reindexed += (_, e) => events.Writer.TryWrite(e);
        await polling.StartAsync(TestTimeout.Token());
        await polling.Watching.WaitAsync(TestTimeout.Token());

        _seeds.File("orchard.txt", "Orchard report\n\nThe orchard produced 900 crates of pears in 2019.\n");
        var e = await events.Reader.ReadAsync(TestTimeout.Token(15));

        Assert.Equal(ReindexTrigger.Rescan, e.Trigger);
        Assert.Equal(1, e.Report!.Added);
        await polling.StopAsync(TestTimeout.Token());
    }

    public async Task DisposeAsync()
    {
        await _watcher.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _seeds.Dispose();
        _data.Dispose();
    }
}
