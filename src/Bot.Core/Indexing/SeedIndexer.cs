using System.Diagnostics;
using Bot.Core.Chunking;
using Bot.Core.Configuration;
using Bot.Core.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Indexing;

/// <summary>
/// Incremental indexing of the seeds folder: size+mtime skip unchanged files cheaply, the content hash decides the
/// real work (new/changed re-chunked, renamed re-pointed, duplicates indexed once, removed files dropped).
/// </summary>
public sealed class SeedIndexer(IIndexStore store, IOptions<BotOptions> options, ILogger<SeedIndexer> logger) : IIndexer
{
    private readonly BotOptions _options = options.Value;

    /// <summary>How long a second writer waits for the first before giving up.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(10);

    public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
        IndexAsync(full, progress, DefaultLockWait, cancellationToken);

    /// <exception cref="IndexBusyException">Another process kept the writer lock for longer than <paramref name="lockWait"/>.</exception>
    public async Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, TimeSpan lockWait, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        using var writeLock = await IndexLock.TryAcquireAsync(_options.DataPath, lockWait, cancellationToken).ConfigureAwait(false)
            ?? throw new IndexBusyException($"another process is indexing {_options.DataPath}; try again when it finishes");
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);

        var problems = new List<IndexProblem>();
        var files = ListFiles(problems);
        var stored = (await store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Path, StringComparer.Ordinal);
        var onDisk = files.Select(f => f.Relative).ToHashSet(StringComparer.Ordinal);
        var chunker = new Chunker(_options.PassageTokens, _options.OverlapSentences);
        int added = 0, updated = 0, renamed = 0, removed = 0, unchanged = 0, duplicates = 0, done = 0;
        var addedTitles = new List<string>();
        var hashesThisRun = new Dictionary<string, string>(StringComparer.Ordinal); // hash → first path
        var movedAway = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (full_, relative, stamp) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new IndexProgress(done++, files.Count, relative));
            stored.TryGetValue(relative, out var existing);
            if (!full && existing is not null && existing.Size == stamp.Size && existing.ModifiedTicks == stamp.ModifiedTicks)
            {
                hashesThisRun.TryAdd(existing.ContentHash, relative);
                unchanged++;
                continue;
            }

            Document doc;
            try
            {
                doc = await DocumentLoader.LoadAsync(full_, relative, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentLoadException e)
            {
                problems.Add(new IndexProblem(relative, e.Message));
                logger.LogWarning("Not indexed {Path}: {Reason}", relative, e.Message);
                if (existing is not null && !File.Exists(full_)) { onDisk.Remove(relative); } // vanished: removed below
                else if (existing is not null) hashesThisRun.TryAdd(existing.ContentHash, relative); // keep the last good version
                continue;
            }

            if (hashesThisRun.TryGetValue(doc.ContentHash, out var firstPath))
            {
                // Same content under a second name: indexed once, cited by the first path.
                duplicates++;
                problems.Add(new IndexProblem(relative, $"same content as {firstPath}; indexed once", Skipped: true));
                if (existing is not null) { await store.RemoveDocumentAsync(existing.Id, cancellationToken).ConfigureAwait(false); stored.Remove(relative); }
                continue;
            }
            hashesThisRun[doc.ContentHash] = relative;

            if (!full && existing is not null && existing.ContentHash == doc.ContentHash)
            {
                await store.TouchDocumentAsync(existing.Id, stamp, cancellationToken).ConfigureAwait(false);
                unchanged++;
                continue;
            }
            if (!full && existing is null)
            {
                var moved = stored.Values.FirstOrDefault(d => d.ContentHash == doc.ContentHash && !onDisk.Contains(d.Path) && !movedAway.Contains(d.Path));
                if (moved is not null)
                {
                    await store.MoveDocumentAsync(moved.Id, relative, stamp, cancellationToken).ConfigureAwait(false);
                    movedAway.Add(moved.Path);
                    logger.LogInformation("Renamed {Old} → {New}", moved.Path, relative);
                    renamed++;
                    continue;
                }
            }

            var chunked = chunker.Chunk(doc);
            await store.UpsertDocumentAsync(chunked, stamp, cancellationToken).ConfigureAwait(false);
            if (existing is null) { added++; addedTitles.Add(doc.Title); } else updated++;
            logger.LogDebug("Indexed {Path}: {Passages} passages, {Sentences} sentences", relative, chunked.Passages.Count, chunked.Sentences.Count);
        }

        foreach (var d in stored.Values.Where(d => !onDisk.Contains(d.Path) && !movedAway.Contains(d.Path)))
        {
            await store.RemoveDocumentAsync(d.Id, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Removed {Path} from the index (file is gone)", d.Path);
            removed++;
        }
        progress?.Report(new IndexProgress(files.Count, files.Count, null));
        return new IndexReport(added, updated, renamed, removed, unchanged, duplicates, problems, sw.Elapsed, addedTitles);
    }

    private List<(string Full, string Relative, FileStamp Stamp)> ListFiles(List<IndexProblem> problems)
    {
        var root = Path.GetFullPath(_options.SeedsPath);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The seeds folder '{_options.SeedsPath}' does not exist.");
        var result = new List<(string, string, FileStamp)>();
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        foreach (var full in Directory.EnumerateFiles(root, "*", enumeration).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
            if (relative.Split('/').Any(part => part.StartsWith('.'))) continue;
            if (!DocumentLoader.IsSupported(full))
            {
                problems.Add(new IndexProblem(relative, $"skipped: unknown file type '{Path.GetExtension(full)}'", Skipped: true));
                continue;
            }
            try
            {
                var info = new FileInfo(full);
                result.Add((full, relative, new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks)));
            }
            catch (IOException e)
            {
                problems.Add(new IndexProblem(relative, $"cannot be read: {e.Message}"));
            }
        }
        return result;
    }
}
