using System.Diagnostics;
using Bot.Core.Chunking;
using Bot.Core.Configuration;
using Bot.Core.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Indexing;

/// <summary>
/// Incremental indexing of the seeds folder. Size+mtime skip unchanged files without reading them; the content hash
/// decides the real work: new and changed files are re-chunked, a renamed file is re-pointed, duplicates are indexed
/// once under the first path in ordinal order (the others are remembered as aliases), removed files leave the index.
/// Every step is one store transaction and the target state depends only on the files, so a run killed at any point
/// leaves a consistent index and the next run converges to what an uninterrupted run would have produced.
/// </summary>
public sealed class SeedIndexer(
    IIndexStore store, IOptions<BotOptions> options, ILogger<SeedIndexer> logger, IIndexEmbeddingStep? embedding = null, IIndexWriteLock? writeLock = null) : IIndexer
{
    private readonly BotOptions _options = options.Value;
    private readonly IIndexStore _store = store;
    private readonly ILogger<SeedIndexer> _logger = logger;
    private readonly IIndexEmbeddingStep? _embedding = embedding;
    // Why pluggable: the SQLite store locks a file in the data folder, the PostgreSQL store a database advisory lock.
    private readonly IIndexWriteLock _writeLock = writeLock ?? new FileIndexWriteLock(options.Value.DataPath);

    /// <summary>How long a second writer waits for the first before giving up, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(10);

    /// <summary>Whether passages get vectors (an embedding step is registered).</summary>
    public bool Embeds => _embedding is not null;

    public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, CancellationToken cancellationToken) =>
        IndexAsync(full, progress, DefaultLockWait, cancellationToken);

    /// <param name="full">Re-chunk (and re-embed nothing that is stored: vectors are keyed by passage hash) every file.</param>
    /// <param name="progress">Files done so far.</param>
    /// <param name="lockWait">How long to wait for another writer; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="cancellationToken">Stops between documents; what is committed stays consistent.</param>
    /// <exception cref="IndexBusyException">Another process kept the writer lock for longer than <paramref name="lockWait"/>.</exception>
    public async Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, TimeSpan lockWait, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        await using var writeLock = await _writeLock.TryAcquireAsync(lockWait, cancellationToken).ConfigureAwait(false)
            ?? throw new IndexBusyException(await _writeLock.BusyMessageAsync(cancellationToken).ConfigureAwait(false));
        // `index --full` is the way out of an index file that cannot be read: it is moved aside (kept for whoever wants
        // to look at it) and the index is rebuilt from the seeds.
        string? movedAside = null;
        if (full && _store is IRecoverableIndexStore recoverable && !await recoverable.IsReadableAsync(cancellationToken).ConfigureAwait(false))
        {
            movedAside = await recoverable.MoveAsideAsync(cancellationToken).ConfigureAwait(false);
            Log.UnreadableIndexMovedAside(_logger, movedAside);
        }
        var rebuilt = await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var run = new Run(this, full, progress, cancellationToken);
        await run.ExecuteAsync().ConfigureAwait(false);
        return new IndexReport(run.Added, run.Updated, run.Renamed, run.Removed, run.Unchanged, run.Duplicates, run.Problems, sw.Elapsed, run.AddedTitles)
        {
            UpdatedTitles = run.UpdatedTitles,
            RemovedPaths = run.RemovedPaths,
            PassagesEmbedded = run.Embedded,
            SentencesEmbedded = run.SentencesEmbedded,
            SchemaRebuilt = rebuilt,
            MovedAside = movedAside,
        };
    }

    /// <summary>"another process (pid N) is indexing …" — what a second writer is told.</summary>
    public static string BusyMessage(string dataPath)
    {
        var pid = IndexLock.LastOwner(dataPath);
        return $"another process{(pid is { } p ? $" (pid {p})" : "")} is indexing {dataPath}; run again when it finishes, or pass --wait to wait for it";
    }

    /// <summary>
    /// Identity of a file's content for renames and duplicates: the bytes' hash plus the format, because the same
    /// bytes parse differently as .txt, .md and .html.
    /// </summary>
    internal static string ContentKey(string contentHash, string path) => contentHash + "|" + Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".md" or ".markdown" => "md",
        ".html" or ".htm" => "html",
        _ => "txt",
    };

    private sealed class Run(SeedIndexer owner, bool full, IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        private readonly IIndexStore _store = owner._store;
        private readonly ILogger _logger = owner._logger;
        private readonly BotOptions _options = owner._options;
        private readonly Chunker _chunker = new(owner._options.PassageTokens, owner._options.OverlapSentences);
        private readonly Dictionary<string, StoredDocument> _docs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<StoredDocument>> _docsByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, StoredAlias> _aliases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _claimed = new(StringComparer.Ordinal); // content key → canonical path
        private readonly HashSet<string> _keptPaths = new(StringComparer.Ordinal);
        private readonly HashSet<string> _aliasPathsSeen = new(StringComparer.Ordinal);

        public int Added, Updated, Renamed, Removed, Unchanged, Duplicates, Embedded, SentencesEmbedded;
        public List<IndexProblem> Problems { get; } = [];
        public List<string> AddedTitles { get; } = [];
        public List<string> UpdatedTitles { get; } = [];
        public List<string> RemovedPaths { get; } = [];

        public async Task ExecuteAsync()
        {
            var phase = Stopwatch.StartNew();
            var files = ListFiles();
            var listed = phase.Elapsed;
            foreach (var d in await _store.ListDocumentsAsync(ct).ConfigureAwait(false)) Remember(d);
            foreach (var a in await _store.ListAliasesAsync(ct).ConfigureAwait(false)) _aliases[a.Path] = a;
            var loaded = phase.Elapsed;

            int done = 0;
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new IndexProgress(done++, files.Count, file.Relative));
                await IndexFileAsync(file).ConfigureAwait(false);
            }

            var indexed = phase.Elapsed;
            foreach (var d in _docs.Values.Where(d => !_keptPaths.Contains(d.Path)).ToList())
            {
                await _store.RemoveDocumentAsync(d.Id, ct).ConfigureAwait(false);
                Log.RemovedGoneFile(_logger, d.Path);
                RemovedPaths.Add(d.Path);
                Removed++;
            }
            foreach (var a in _aliases.Values.Where(a => !_aliasPathsSeen.Contains(a.Path)).ToList())
                await _store.RemoveAliasAsync(a.Path, ct).ConfigureAwait(false);

            var removedAt = phase.Elapsed;
            await EmbedMissingAsync().ConfigureAwait(false);
            // Always, not only when this run removed something: a killed run may have left unused vectors behind.
            await _store.Vectors.PruneVectorsAsync(null, default, ct).ConfigureAwait(false);
            Log.IndexRunTimings(_logger, files.Count, (int)listed.TotalMilliseconds, (int)(loaded - listed).TotalMilliseconds, (int)(indexed - loaded).TotalMilliseconds,
                (int)(removedAt - indexed).TotalMilliseconds, (int)(phase.Elapsed - removedAt).TotalMilliseconds);
            progress?.Report(new IndexProgress(files.Count, files.Count, null));
        }

        private async Task IndexFileAsync(SeedFile file)
        {
            var (fullPath, rel, stamp) = file;
            _docs.TryGetValue(rel, out var existing);
            _aliases.TryGetValue(rel, out var alias);
            Document? doc = null;
            string key;
            if (!full && existing is not null && existing.Size == stamp.Size && existing.ModifiedTicks == stamp.ModifiedTicks)
                key = ContentKey(existing.ContentHash, rel);
            else if (!full && alias is not null && alias.Size == stamp.Size && alias.ModifiedTicks == stamp.ModifiedTicks)
                key = ContentKey(alias.ContentHash, rel);
            else
            {
                doc = await LoadAsync(file).ConfigureAwait(false);
                if (doc is null)
                {
                    // A file that turned bad keeps its last good version; a vanished one leaves the index below.
                    if (!File.Exists(fullPath)) return;
                    if (existing is not null) { _claimed.TryAdd(ContentKey(existing.ContentHash, rel), rel); _keptPaths.Add(rel); }
                    if (alias is not null) _aliasPathsSeen.Add(rel);
                    return;
                }
                key = ContentKey(doc.ContentHash, rel);
            }
            var hash = key[..key.IndexOf('|', StringComparison.Ordinal)];

            if (_claimed.TryGetValue(key, out var first))
            {
                // Same content under a second name: indexed once, cited by the first path.
                Duplicates++;
                Problems.Add(new IndexProblem(rel, $"same content as {first}; indexed once", Skipped: true));
                if (existing is not null || alias is null || alias.Size != stamp.Size || alias.ModifiedTicks != stamp.ModifiedTicks || alias.ContentHash != hash)
                {
                    await _store.SetAliasAsync(new StoredAlias(rel, hash, stamp.Size, stamp.ModifiedTicks), ct).ConfigureAwait(false);
                    if (existing is not null) { Forget(existing); RemovedPaths.Add(rel); }
                }
                _aliasPathsSeen.Add(rel);
                return;
            }
            _claimed[key] = rel;

            if (!full && existing is not null && ContentKey(existing.ContentHash, rel) == key)
            {
                if (existing.Size != stamp.Size || existing.ModifiedTicks != stamp.ModifiedTicks)
                    await _store.TouchDocumentAsync(existing.Id, stamp, ct).ConfigureAwait(false);
                _keptPaths.Add(rel);
                Unchanged++;
                return;
            }

            if (!full && _docsByKey.TryGetValue(key, out var sameContent) && sameContent.FirstOrDefault(d => !_keptPaths.Contains(d.Path)) is { } moved)
            {
                // Renamed or moved with the same content: re-point the stored document, nothing to re-chunk or re-embed.
                await _store.MoveDocumentAsync(moved.Id, rel, stamp, ct).ConfigureAwait(false);
                Log.Renamed(_logger, moved.Path, rel);
                if (existing is not null) Forget(existing);
                Forget(moved);
                Remember(moved with { Path = rel, Size = stamp.Size, ModifiedTicks = stamp.ModifiedTicks });
                _aliases.Remove(rel);
                _keptPaths.Add(rel);
                Renamed++;
                return;
            }

            doc ??= await LoadAsync(file).ConfigureAwait(false);
            if (doc is null) return;
            var chunked = _chunker.Chunk(doc);
            await _store.UpsertDocumentAsync(chunked, stamp, ct).ConfigureAwait(false);
            if (existing is not null) { Forget(existing); Updated++; UpdatedTitles.Add(doc.Title); }
            else { Added++; AddedTitles.Add(doc.Title); }
            _aliases.Remove(rel);
            _keptPaths.Add(rel);
            Log.Indexed(_logger, rel, chunked.Passages.Count, chunked.Sentences.Count);
        }

        private async Task<Document?> LoadAsync(SeedFile file)
        {
            try
            {
                return await DocumentLoader.LoadAsync(file.FullPath, file.Relative, _options.MaxFileBytes, ct).ConfigureAwait(false);
            }
            catch (DocumentLoadException e)
            {
                Problems.Add(new IndexProblem(file.Relative, e.Message));
                Log.NotIndexed(_logger, file.Relative, e.Message);
                return null;
            }
        }

        /// <summary>
        /// Gives every indexed passage, then every indexed sentence (the ranker's vector features), lacking a vector one,
        /// in batches (across documents, so a remote endpoint sees full requests). Vectors are keyed by content hash:
        /// unchanged passages and sentences keep theirs. A failure here is reported, not fatal — the text index is
        /// already up to date, and the next run retries (the answerer embeds missing sentences at question time meanwhile).
        /// </summary>
        private async Task EmbedMissingAsync()
        {
            if (owner._embedding is not { } step) return;
            try
            {
                await _store.Vectors.PruneVectorsAsync(step.ModelKey, step.Encoding, ct).ConfigureAwait(false);
                Embedded += await EmbedPendingAsync(step, "passages", _store.Vectors.ListPassagesWithoutVectorsAsync, _store.Vectors.AddVectorsAsync).ConfigureAwait(false);
                SentencesEmbedded += await EmbedPendingAsync(step, "sentences", _store.Vectors.ListSentencesWithoutVectorsAsync, _store.Vectors.AddSentenceVectorsAsync).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Problems.Add(new IndexProblem("(embeddings)", $"passages or sentences not embedded, retried next run: {e.Message}"));
                Log.EmbeddingFailed(_logger, e);
            }
        }

        /// <summary>Pages through what <paramref name="list"/> reports missing; each batch is stored in its own transaction.</summary>
        private async Task<int> EmbedPendingAsync(IIndexEmbeddingStep step, string what,
            Func<string, string?, int, CancellationToken, Task<IReadOnlyList<PendingPassage>>> list, Func<VectorBatch, CancellationToken, Task> add)
        {
            int embedded = 0;
            string? after = null;
            while (true)
            {
                var pending = await list(step.ModelKey, after, step.BatchSize, ct).ConfigureAwait(false);
                if (pending.Count == 0) return embedded;
                var blobs = await step.EmbedAsync(pending.Select(p => p.Text).ToList(), ct).ConfigureAwait(false);
                if (blobs.Count != pending.Count)
                    throw new InvalidOperationException($"the embedding step returned {blobs.Count} vectors for {pending.Count} {what}");
                await add(new VectorBatch(step.ModelKey, step.Encoding, pending.Select((p, i) => new EncodedVector(p.Hash, blobs[i])).ToList()), ct).ConfigureAwait(false);
                embedded += pending.Count;
                after = pending[^1].Hash;
            }
        }

        private void Remember(StoredDocument d)
        {
            _docs[d.Path] = d;
            var key = ContentKey(d.ContentHash, d.Path);
            if (!_docsByKey.TryGetValue(key, out var list)) _docsByKey[key] = list = [];
            list.Add(d);
        }

        private void Forget(StoredDocument d)
        {
            _docs.Remove(d.Path);
            if (_docsByKey.TryGetValue(ContentKey(d.ContentHash, d.Path), out var list)) list.RemoveAll(x => x.Id == d.Id);
        }

        private List<SeedFile> ListFiles()
        {
            var (files, problems) = new SeedFolderScanner(_options.SeedsPath, _options.Seeds.FollowLinksOutside).Scan();
            Problems.AddRange(problems);
            return files;
        }
    }
}
