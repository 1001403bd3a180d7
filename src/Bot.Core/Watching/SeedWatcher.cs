using System.Threading.Channels;
using Bot.Core.Configuration;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Watching;

/// <summary>
/// Watches the seeds folder and re-indexes in the background: file events are debounced (a burst of saves is one
/// run), changed files must hold still (same size and mtime for Bot:Watch:SettleMilliseconds) so half-written files
/// are not read, and a periodic rescan catches what events miss (overflows, network folders). A hosted service for
/// `bot discord`; `bot chat` starts and stops it itself. Runs never overlap, in this process (a gate) or across
/// processes (the index writer lock). Each run stores text first (new files are found by their words at once) and then
/// embeds what has no vector in slices of Bot:Watch:EmbedSliceSeconds, releasing the gate between slices and going back
/// to new file events first, so one huge file cannot hold up the rest.
/// </summary>
public sealed class SeedWatcher(SeedIndexer indexer, IOptions<WatchOptions> watchOptions, IOptions<BotOptions> botOptions, ILogger<SeedWatcher> logger)
    : BackgroundService, IReindexer
{
    private readonly WatchOptions _watch = watchOptions.Value;
    private readonly BotOptions _bot = botOptions.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<string?> _events = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileSystemWatcher? _fileWatcher;
    private int _eventsWaiting; // written but not yet read: the single-reader channel cannot count them itself
    private volatile bool _looping; // the background loop runs, so it makes the vectors an on-demand run leaves

    /// <summary>Completes once file events are being watched and the start-up catch-up run finished.</summary>
    public Task Watching => _watching.Task;

    public event EventHandler<ReindexedEventArgs>? Reindexed;

    public IndexReport? LastReport { get; private set; }

    public async Task<IndexReport> ReindexNowAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(_watch.LockWaitSeconds);
        if (!await _gate.WaitAsync(wait, cancellationToken).ConfigureAwait(false))
            throw new IndexBusyException($"a re-index of {_bot.SeedsPath} is still running; try again when it finishes");
        try
        {
            // With the loop running the on-demand run stores text only and hands the vectors to the loop's slices.
            var report = await indexer.IndexAsync(new IndexRequest { Vectors = !_looping, LockWait = wait }, null, cancellationToken).ConfigureAwait(false);
            LastReport = report;
            Raise(new ReindexedEventArgs(ReindexTrigger.OnDemand, report, null));
            if (_looping && report.VectorsPending) Signal(null);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_watch.Enabled) { _watching.TrySetResult(); return; }
        await Task.Yield(); // let StartAsync return at once
        if (_watch.FileEvents) StartFileWatcher();
        var rescan = _watch.RescanSeconds > 0 ? TimeSpan.FromSeconds(_watch.RescanSeconds) : Timeout.InfiniteTimeSpan;
        var debounce = TimeSpan.FromMilliseconds(_watch.DebounceMilliseconds);
        try
        {
            _looping = true;
            await RunInBackgroundAsync(ReindexTrigger.Startup, stoppingToken).ConfigureAwait(false);
            _watching.TrySetResult();
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = new HashSet<string>(StringComparer.Ordinal);
                if (await WaitForEventsAsync(rescan, changed, stoppingToken).ConfigureAwait(false))
                {
                    // A file written without pause (a growing log) must not postpone the run for ever.
                    var burstEnd = DateTime.UtcNow + TimeSpan.FromSeconds(_watch.MaxSettleSeconds);
                    while (DateTime.UtcNow < burstEnd && await WaitForEventsAsync(debounce, changed, stoppingToken).ConfigureAwait(false)) { }
                    await SettleAsync(changed, stoppingToken).ConfigureAwait(false);
                    await RunInBackgroundAsync(ReindexTrigger.FileChange, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await RunInBackgroundAsync(ReindexTrigger.Rescan, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            _looping = false;
            _watching.TrySetResult();
        }
    }

    private async Task RunInBackgroundAsync(ReindexTrigger trigger, CancellationToken ct)
    {
        IndexReport? report = null;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Background runs wait as long as another writer needs: the work is still to be done afterwards.
            report = await indexer.IndexAsync(new IndexRequest { Vectors = false, LockWait = Timeout.InfiniteTimeSpan }, null, ct).ConfigureAwait(false);
            LastReport = report;
            if (report.ChangedAnything)
            {
                Log.Reindexed(logger, trigger, report.Added, report.Updated, report.Renamed, report.Removed);
                Raise(new ReindexedEventArgs(trigger, report, null));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed background run must not end the watching: report it and try again on the next change or rescan.
            Log.ReindexFailed(logger, e, trigger, e.Message);
            Raise(new ReindexedEventArgs(trigger, null, e));
        }
        finally
        {
            _gate.Release();
        }
        if (report is { VectorsPending: true }) await EmbedInSlicesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the missing vectors a slice at a time. Returns when they are all made, when file events are waiting (their
    /// text goes first; the run that handles them comes back here), or when a slice made nothing (the embedder fails:
    /// the next change or rescan tries again).
    /// </summary>
    private async Task EmbedInSlicesAsync(CancellationToken ct)
    {
        var request = new IndexRequest { Text = false, LockWait = Timeout.InfiniteTimeSpan, VectorBudget = TimeSpan.FromSeconds(_watch.EmbedSliceSeconds) };
        int passages = 0, sentences = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            if (Volatile.Read(ref _eventsWaiting) > 0) return;
            IndexReport slice;
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                slice = await indexer.IndexAsync(request, null, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.BackgroundEmbeddingFailed(logger, e, e.Message);
                return;
            }
            finally
            {
                _gate.Release();
            }
            passages += slice.PassagesEmbedded;
            sentences += slice.SentencesEmbedded;
            if (!slice.VectorsPending)
            {
                Log.BackgroundEmbeddingDone(logger, passages, sentences, clock.Elapsed.TotalSeconds);
                return;
            }
            if (slice.PassagesEmbedded + slice.SentencesEmbedded == 0) return;
            await Task.Yield();
        }
    }

    /// <summary>True when events arrived within <paramref name="timeout"/>; their paths (null: unknown, rescan) go into <paramref name="changed"/>.</summary>
    private async Task<bool> WaitForEventsAsync(TimeSpan timeout, HashSet<string> changed, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout != Timeout.InfiniteTimeSpan) cts.CancelAfter(timeout);
        try
        {
            if (!await _events.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false)) return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        while (_events.Reader.TryRead(out var path))
        {
            Interlocked.Decrement(ref _eventsWaiting);
            if (path is not null) changed.Add(path);
        }
        return true;
    }

    /// <summary>Waits until every changed file keeps its size and mtime for the settle time (it may still be being written).</summary>
    private async Task SettleAsync(HashSet<string> paths, CancellationToken ct)
    {
        if (_watch.SettleMilliseconds == 0 || paths.Count == 0) return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(_watch.MaxSettleSeconds);
        var before = Stamps(paths);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(_watch.SettleMilliseconds, ct).ConfigureAwait(false);
            var now = Stamps(paths);
            if (now.SequenceEqual(before)) return;
            before = now;
        }
        Log.StillChanging(logger, _bot.SeedsPath, _watch.MaxSettleSeconds);
    }

    private static List<(long, long)> Stamps(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal).Select(p =>
    {
        var info = new FileInfo(p);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : (-1L, 0L);
    }).ToList();

    private void StartFileWatcher()
    {
        var root = Path.GetFullPath(_bot.SeedsPath);
        try
        {
            var w = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            w.Created += (_, e) => OnEvent(root, e.FullPath);
            w.Changed += (_, e) => OnEvent(root, e.FullPath);
            w.Deleted += (_, e) => OnEvent(root, e.FullPath);
            w.Renamed += (_, e) => { OnEvent(root, e.OldFullPath); OnEvent(root, e.FullPath); };
            w.Error += (_, e) =>
            {
                Log.WatchingLostEvents(logger, _bot.SeedsPath, e.GetException().Message);
                Signal(null);
            };
            w.EnableRaisingEvents = true;
            _fileWatcher = w;
            Log.Watching(logger, root);
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            Log.CannotWatch(logger, _bot.SeedsPath, e.Message);
        }
    }

    private void OnEvent(string root, string fullPath)
    {
        // Hidden files (editor swap files, a data folder inside seeds) and unsupported types cannot change the index;
        // names without an extension may be folders (a deleted or renamed folder), so they count.
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        if (relative.Split('/').Any(part => part.StartsWith('.'))) return;
        if (Path.HasExtension(fullPath) && !DocumentLoader.IsSupported(fullPath)) return;
        Signal(fullPath);
    }

    /// <summary>Queues a changed path (null: rescan everything).</summary>
    private void Signal(string? path)
    {
        Interlocked.Increment(ref _eventsWaiting);
        if (!_events.Writer.TryWrite(path)) Interlocked.Decrement(ref _eventsWaiting);
    }

    private void Raise(ReindexedEventArgs args)
    {
        try
        {
            Reindexed?.Invoke(this, args);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.NotificationHandlerFailed(logger, e);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _fileWatcher?.Dispose();
        _fileWatcher = null;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _fileWatcher?.Dispose();
        _gate.Dispose();
        base.Dispose();
    }
}
