using System.Diagnostics;
using Bot.Core.Chunking;
using Bot.Core.Configuration;
using Bot.Core.Diagnostics;
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
        IndexAsync(new IndexRequest { Full = full }, progress, cancellationToken);

    /// <param name="full">Re-chunk (and re-embed nothing that is stored: vectors are keyed by passage hash) every file.</param>
    /// <param name="progress">Files done so far, then texts embedded.</param>
    /// <param name="lockWait">How long to wait for another writer; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="cancellationToken">Stops between documents; what is committed stays consistent.</param>
    /// <exception cref="IndexBusyException">Another process kept the writer lock for longer than <paramref name="lockWait"/>.</exception>
    public Task<IndexReport> IndexAsync(bool full, IProgress<IndexProgress>? progress, TimeSpan lockWait, CancellationToken cancellationToken) =>
        IndexAsync(new IndexRequest { Full = full, LockWait = lockWait }, progress, cancellationToken);

    /// <summary>Runs the phases <paramref name="request"/> asks for, within its budgets.</summary>
    /// <exception cref="IndexBusyException">Another process kept the writer lock for longer than <see cref="IndexRequest.LockWait"/>.</exception>
    public async Task<IndexReport> IndexAsync(IndexRequest request, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sw = Stopwatch.StartNew();
        await using var writeLock = await _writeLock.TryAcquireAsync(request.LockWait, cancellationToken).ConfigureAwait(false)
            ?? throw new IndexBusyException(await _writeLock.BusyMessageAsync(cancellationToken).ConfigureAwait(false));
        // `index --full` is the way out of an index file that cannot be read: it is moved aside (kept for whoever wants
        // to look at it) and the index is rebuilt from the seeds.
        string? movedAside = null;
        if (request.Full && request.Text && _store is IRecoverableIndexStore recoverable && !await recoverable.IsReadableAsync(cancellationToken).ConfigureAwait(false))
        {
            movedAside = await recoverable.MoveAsideAsync(cancellationToken).ConfigureAwait(false);
            Log.UnreadableIndexMovedAside(_logger, movedAside);
        }
        var rebuilt = await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var run = new Run(this, request, progress, cancellationToken);
        await run.ExecuteAsync().ConfigureAwait(false);
        return new IndexReport(run.Added, run.Updated, run.Renamed, run.Removed, run.Unchanged, run.Duplicates, run.Problems, sw.Elapsed, run.AddedTitles)
        {
            UpdatedTitles = run.UpdatedTitles,
            RemovedPaths = run.RemovedPaths,
            PassagesEmbedded = run.Embedded,
            SentencesEmbedded = run.SentencesEmbedded,
            FilesLeft = run.FilesLeft,
            VectorsPending = run.VectorsPending,
            SchemaRebuilt = rebuilt,
            MovedAside = movedAside,
            FromManifest = run.FromManifest,
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
        ".pdf" => "pdf",
        ".docx" => "docx",
        _ => "txt",
    };

    private sealed class Run(SeedIndexer owner, IndexRequest request, IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        private readonly bool _full = request.Full;
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

        public int Added, Updated, Renamed, Removed, Unchanged, Duplicates, Embedded, SentencesEmbedded, FilesLeft;
        public bool VectorsPending;

        /// <summary>The listing matched the index's manifest: nothing was read, compared or written.</summary>
        public bool FromManifest { get; private set; }

        // A file written less than SeedManifest.RacyMargin before this run started may still change within its time's
        // granularity without its time moving: its stamp is stored as "read again" (-1) and no manifest is recorded.
        private readonly long _racyAfter = (DateTime.UtcNow - SeedManifest.RacyMargin).Ticks;
        private string? _storedManifest;
        private bool _manifestCleared;
        // Something this run met that the listing does not show (a file that could not be read or vanished).
        private bool _unsettled;

        private bool TextChanged => Added + Updated + Renamed + Removed > 0 || RemovedPaths.Count > 0;
        // Files whose text this run stored: what the embedding phase's progress names.
        private readonly List<string> _newTextPaths = [];
        // Chunked documents not stored yet: written in one transaction per batch, always before any other write.
        private readonly List<(ChunkedDocument Document, FileStamp Stamp)> _batch = [];
        private long _batchChars;
        // The batch being written (FlushAsync), if any.
        private Task _writing = Task.CompletedTask;
        private const long BatchChars = 8L << 20;

        private CancellationToken Token => ct;

        private IProgress<IndexProgress>? Progress => progress;
        public List<IndexProblem> Problems { get; } = [];
        public List<string> AddedTitles { get; } = [];
        public List<string> UpdatedTitles { get; } = [];
        public List<string> RemovedPaths { get; } = [];

        public async Task ExecuteAsync()
        {
            if (request.Text) await IndexTextAsync().ConfigureAwait(false);
            // The refresh before an answer (a text budget) that found nothing changed and no vector missing has nothing to
            // do here: the garbage collection below (two scans of the vector tables in a write transaction, 0.1 s at 20 000
            // documents) is left to `bot index` and to the next run that changes something.
            if (request.Vectors && request.Text && request.TextBudget is not null && !TextChanged && !await HasPendingVectorsAsync().ConfigureAwait(false))
            {
                StartupTrace.Mark("no vectors pending");
                return;
            }
            if (request.Vectors)
            {
                var phase = Stopwatch.StartNew();
                await EmbedMissingAsync().ConfigureAwait(false);
                // Always, not only when this run removed something: a killed run may have left unused vectors behind.
                await _store.Vectors.PruneVectorsAsync(null, null, default, ct).ConfigureAwait(false);
                Log.IndexVectorTimings(_logger, (int)phase.Elapsed.TotalMilliseconds);
            }
            else
            {
                VectorsPending = await HasPendingVectorsAsync().ConfigureAwait(false);
            }
        }

        private async Task IndexTextAsync()
        {
            var phase = Stopwatch.StartNew();
            var scanner = new SeedFolderScanner(_options.SeedsPath, _options.Seeds.FollowLinksOutside);
            var (files, listingProblems) = scanner.Scan();
            Problems.AddRange(listingProblems);
            var fingerprint = SeedManifest.FingerprintOf(files, listingProblems, DocumentLoader.ParserVersion);
            _storedManifest = await _store.GetSeedManifestAsync(ct).ConfigureAwait(false);
            var listed = phase.Elapsed;
            StartupTrace.Mark("seeds listed");
            if (!_full && SeedManifest.Parse(_storedManifest) is { } manifest && manifest.Fingerprint == fingerprint)
            {
                // The folder is as the last complete run left it: report what that run would report again.
                FromManifest = true;
                Unchanged = manifest.Documents;
                Duplicates = manifest.Duplicates;
                Problems.Clear();
                Problems.AddRange(manifest.Problems);
                Log.SeedsMatchManifest(_logger, files.Count, (int)listed.TotalMilliseconds);
                progress?.Report(new IndexProgress(files.Count, files.Count, null));
                return;
            }
            foreach (var d in await _store.ListDocumentsAsync(ct).ConfigureAwait(false)) Remember(d);
            foreach (var a in await _store.ListAliasesAsync(ct).ConfigureAwait(false)) _aliases[a.Path] = a;
            var loaded = phase.Elapsed;
            StartupTrace.Mark("stored stamps read");

            int done = 0;
            try
            {
                foreach (var file in files)
                {
                    ct.ThrowIfCancellationRequested();
                    if (request.TextBudget is { } budget && phase.Elapsed - loaded >= budget)
                    {
                        FilesLeft = files.Count - done;
                        Log.TextBudgetSpent(_logger, budget.TotalSeconds, FilesLeft, files.Count);
                        break;
                    }
                    progress?.Report(new IndexProgress(done++, files.Count, file.Relative));
                    await IndexFileAsync(file).ConfigureAwait(false);
                }
                await DrainAsync().ConfigureAwait(false);
            }
            catch
            {
                // No write may outlive the run (and its writer lock); the first failure is the one reported.
                await Task.WhenAny(_writing).ConfigureAwait(false);
                throw;
            }

            var indexed = phase.Elapsed;
            StartupTrace.Mark("files compared");
            // Only after every file was looked at: a file the budget did not reach is not a deleted one.
            if (FilesLeft == 0)
            {
                foreach (var d in _docs.Values.Where(d => !_keptPaths.Contains(d.Path)).ToList())
                {
                    await BeforeWriteAsync().ConfigureAwait(false);
                    await _store.RemoveDocumentAsync(d.Id, ct).ConfigureAwait(false);
                    Log.RemovedGoneFile(_logger, d.Path);
                    RemovedPaths.Add(d.Path);
                    Removed++;
                }
                foreach (var a in _aliases.Values.Where(a => !_aliasPathsSeen.Contains(a.Path)).ToList())
                {
                    await BeforeWriteAsync().ConfigureAwait(false);
                    await _store.RemoveAliasAsync(a.Path, ct).ConfigureAwait(false);
                }
                await RecordManifestAsync(fingerprint, scanner.Settled, files).ConfigureAwait(false);
            }
            Log.IndexTextTimings(_logger, files.Count, (int)listed.TotalMilliseconds, (int)(loaded - listed).TotalMilliseconds, (int)(indexed - loaded).TotalMilliseconds,
                (int)(phase.Elapsed - indexed).TotalMilliseconds);
            progress?.Report(new IndexProgress(files.Count - FilesLeft, files.Count, null));
        }

        private async Task IndexFileAsync(SeedFile file)
        {
            var (fullPath, rel, stamp) = file;
            _docs.TryGetValue(rel, out var existing);
            _aliases.TryGetValue(rel, out var alias);
            Document? doc = null;
            string key;
            if (!_full && existing is not null && existing.Size == stamp.Size && existing.ModifiedTicks == stamp.ModifiedTicks)
                key = ContentKey(existing.ContentHash, rel);
            else if (!_full && alias is not null && alias.Size == stamp.Size && alias.ModifiedTicks == stamp.ModifiedTicks)
                key = ContentKey(alias.ContentHash, rel);
            else
            {
                doc = await LoadAsync(file).ConfigureAwait(false);
                if (doc is null)
                {
                    // A file that turned bad keeps its last good version; a vanished one leaves the index below.
                    _unsettled = true;
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
                if (existing is not null || alias is null || alias.Size != stamp.Size || alias.ModifiedTicks != Recorded(stamp).ModifiedTicks || alias.ContentHash != hash)
                {
                    await DrainAsync().ConfigureAwait(false);
                    await BeforeWriteAsync().ConfigureAwait(false);
                    await _store.SetAliasAsync(new StoredAlias(rel, hash, stamp.Size, Recorded(stamp).ModifiedTicks), ct).ConfigureAwait(false);
                    if (existing is not null) { Forget(existing); RemovedPaths.Add(rel); }
                }
                _aliasPathsSeen.Add(rel);
                return;
            }
            _claimed[key] = rel;

            if (!_full && existing is not null && ContentKey(existing.ContentHash, rel) == key)
            {
                if (existing.Size != stamp.Size || existing.ModifiedTicks != Recorded(stamp).ModifiedTicks)
                {
                    await DrainAsync().ConfigureAwait(false);
                    await BeforeWriteAsync().ConfigureAwait(false);
                    await _store.TouchDocumentAsync(existing.Id, Recorded(stamp), ct).ConfigureAwait(false);
                }
                _keptPaths.Add(rel);
                Unchanged++;
                return;
            }

            if (!_full && _docsByKey.TryGetValue(key, out var sameContent) && sameContent.FirstOrDefault(d => !_keptPaths.Contains(d.Path)) is { } moved)
            {
                // Renamed or moved with the same content: re-point the stored document, nothing to re-chunk or re-embed.
                await DrainAsync().ConfigureAwait(false);
                await BeforeWriteAsync().ConfigureAwait(false);
                await _store.MoveDocumentAsync(moved.Id, rel, Recorded(stamp), ct).ConfigureAwait(false);
                Log.Renamed(_logger, moved.Path, rel);
                if (existing is not null) Forget(existing);
                Forget(moved);
                Remember(moved with { Path = rel, Size = stamp.Size, ModifiedTicks = Recorded(stamp).ModifiedTicks });
                _aliases.Remove(rel);
                _keptPaths.Add(rel);
                Renamed++;
                return;
            }

            doc ??= await LoadAsync(file).ConfigureAwait(false);
            if (doc is null) return;
            var chunked = _chunker.Chunk(doc);
            _batch.Add((chunked, Recorded(stamp)));
            _batchChars += doc.Text.Length;
            if (_batch.Count >= _options.IndexBatchDocuments || _batchChars >= BatchChars) await FlushAsync().ConfigureAwait(false);
            _newTextPaths.Add(rel);
            if (existing is not null) { Forget(existing); Updated++; UpdatedTitles.Add(doc.Title); }
            else { Added++; AddedTitles.Add(doc.Title); }
            _aliases.Remove(rel);
            _keptPaths.Add(rel);
            Log.Indexed(_logger, rel, chunked.Passages.Count, chunked.Sentences.Count);
        }

        /// <summary>
        /// Hands the chunked documents waiting in the batch to the writer (one transaction) and returns at once, so the
        /// next files are read and chunked on one core while SQLite writes on the other. One write at a time: a batch
        /// starts after the previous one committed, so batches commit in order, each whole or not at all.
        /// </summary>
        private async Task FlushAsync()
        {
            if (_batch.Count == 0) return;
            await _writing.ConfigureAwait(false);
            await BeforeWriteAsync().ConfigureAwait(false);
            var batch = _batch.ToList();
            _batch.Clear();
            _batchChars = 0;
            _writing = Task.Run(() => _store.UpsertDocumentsAsync(batch, ct), ct);
        }

        /// <summary>Stores every document handed over so far: before any other write, and at the end of the text phase.</summary>
        private async Task DrainAsync()
        {
            await FlushAsync().ConfigureAwait(false);
            await _writing.ConfigureAwait(false);
        }

        private async Task<Document?> LoadAsync(SeedFile file)
        {
            try
            {
                return await DocumentLoader.LoadAsync(file.FullPath, file.Relative, _options.MaxFileBytes, ct).ConfigureAwait(false);
            }
            catch (DocumentLoadException e)
            {
                _unsettled = true;
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
        /// With a <see cref="IndexRequest.VectorBudget"/> it stops after the batch that used the budget up.
        /// </summary>
        private async Task EmbedMissingAsync()
        {
            if (owner._embedding is not { } step) return;
            // Outside the catch below: a model that cannot be loaded is the run's error, as it always was (only a run
            // with something to embed loads it).
            var pending = await HasPendingVectorsAsync().ConfigureAwait(false);
            if (pending) await step.PrepareAsync(ct).ConfigureAwait(false);
            try
            {
                var pruned = await _store.Vectors.PruneVectorsAsync(step.ModelKey, step.SentenceModelKey, step.Encoding, ct).ConfigureAwait(false);
                // Whether a sentence may lack a vector now: one did before the prune, or the prune removed some (another
                // encoding, another model). Neither: every sentence has one, so the copy below (a scan of every passage
                // vector in a write transaction) would find nothing. The prune runs after the check, hence both; nothing
                // else writes meanwhile (this run holds the index's writer lock).
                var sentencesMayLack = pending || pruned > 0;
                var meter = new EmbeddingMeter(this, step, request.VectorBudget);
                if (progress is not null) await meter.CountAsync().ConfigureAwait(false);
                if (step.DerivesSentences)
                {
                    // A passage and its sentences from one forward pass; then the passages of sentences still without a
                    // vector (a passage embedded before the switch); what is left (no passage holds it) separately.
                    var (passages, sentences) = await meter.EmbedDerivedAsync(fromSentences: false).ConfigureAwait(false);
                    Embedded += passages;
                    SentencesEmbedded += sentences;
                    if (!meter.OutOfTime) SentencesEmbedded += (await meter.EmbedDerivedAsync(fromSentences: true).ConfigureAwait(false)).Sentences;
                }
                else Embedded += await meter.EmbedAsync(sentences: false).ConfigureAwait(false);
                // Why: a one-sentence passage's sentence is the same text, so the same vector under the same key (squad-dev:
                // 5 of 1,854 sentences, news-dev 20 of 164); copied instead of run through the model again.
                if (sentencesMayLack && !meter.OutOfTime && step.SentenceModelKey == step.ModelKey)
                    meter.Copied(await _store.Vectors.CopyPassageVectorsToSentencesAsync(step.ModelKey, ct).ConfigureAwait(false));
                if (!meter.OutOfTime) SentencesEmbedded += await meter.EmbedAsync(sentences: true).ConfigureAwait(false);
                VectorsPending = meter.OutOfTime && await HasPendingVectorsAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                VectorsPending = true;
                Problems.Add(new IndexProblem("(embeddings)", $"passages or sentences not embedded, retried next run: {e.Message}"));
                Log.EmbeddingFailed(_logger, e);
            }
        }

        private async Task<bool> HasPendingVectorsAsync()
        {
            if (owner._embedding is not { } step) return false;
            return (await _store.Vectors.ListPassagesWithoutVectorsAsync(step.ModelKey, null, 1, ct).ConfigureAwait(false)).Count > 0
                || (await _store.Vectors.ListSentencesWithoutVectorsAsync(step.SentenceModelKey, null, 1, ct).ConfigureAwait(false)).Count > 0;
        }

        /// <summary>Embeds what is pending in batches, each stored in its own transaction, within the budget, and reports the rate.</summary>
        private sealed class EmbeddingMeter(Run run, IIndexEmbeddingStep step, TimeSpan? budget)
        {
            // Store batches per length-sorted window: 16 × 64 texts. Sorting 64 at a time, the model's batches of 8 mixed
            // lengths: texts per CPU-second with all-MiniLM-L6-v2 +10 % on squad-dev, +25 % on short sentences (docs/benchmarks.md).
            private const int LengthWindow = 16;
            private readonly Stopwatch _clock = Stopwatch.StartNew();
            private int _passagesTotal, _sentencesTotal, _passagesDone, _sentencesDone, _started;

            public bool OutOfTime { get; private set; }

            /// <summary>Counts sentences that got their passage's vector without a model run as done, for the progress bar.</summary>
            public void Copied(int sentences)
            {
                _sentencesDone += sentences;
                if (sentences > 0) Report();
            }

            /// <summary>Pages through the pending hashes once, so the progress bar has totals (only when someone watches it).</summary>
            public async Task CountAsync()
            {
                _passagesTotal = await CountPendingAsync(run._store.Vectors.ListPassagesWithoutVectorsAsync, step.ModelKey).ConfigureAwait(false);
                _sentencesTotal = await CountPendingAsync(run._store.Vectors.ListSentencesWithoutVectorsAsync, step.SentenceModelKey).ConfigureAwait(false);
                _clock.Restart();
                Report();
            }

            private async Task<int> CountPendingAsync(Func<string, string?, int, CancellationToken, Task<IReadOnlyList<PendingPassage>>> list, string key)
            {
                int count = 0;
                string? after = null;
                while (true)
                {
                    var page = await list(key, after, 8192, run.Token).ConfigureAwait(false);
                    if (page.Count == 0) return count;
                    count += page.Count;
                    after = page[^1].Hash;
                }
            }

            public async Task<int> EmbedAsync(bool sentences)
            {
                var vectors = run._store.Vectors;
                Func<string, string?, int, CancellationToken, Task<IReadOnlyList<PendingPassage>>> list =
                    sentences ? vectors.ListSentencesWithoutVectorsAsync : vectors.ListPassagesWithoutVectorsAsync;
                Func<VectorBatch, CancellationToken, Task> add = sentences ? vectors.AddSentenceVectorsAsync : vectors.AddVectorsAsync;
                var key = sentences ? step.SentenceModelKey : step.ModelKey;
                int embedded = 0;
                // Why: one call at a time left a 2-core machine's second core idle (the model's batches of 8 short texts
                // hardly split across threads, and the store's writes and the next page's read waited for the model).
                var running = new InFlightBatches<PendingPassage[], IReadOnlyList<byte[]>>(step.Concurrency, async (pending, blobs, token) =>
                {
                    if (blobs.Count != pending.Length)
                        throw new InvalidOperationException($"the embedding step returned {blobs.Count} vectors for {pending.Length} {(sentences ? "sentences" : "passages")}");
                    await add(new VectorBatch(key, step.Encoding, pending.Select((p, i) => new EncodedVector(p.Hash, blobs[i])).ToList()), token).ConfigureAwait(false);
                    embedded += pending.Length;
                    if (sentences) _sentencesDone += pending.Length; else _passagesDone += pending.Length;
                    Report();
                });
                await running.RunAsync(async () =>
                {
                    string? after = null;
                    while (true)
                    {
                        // Pending texts come in hash order, so of every length: a window of them is sorted by length and cut
                        // into the step's batches, so the model's batches (padded to their longest text) pad little. The
                        // cursor is the window's last hash, so texts still being embedded are not listed again.
                        var window = await list(key, after, step.BatchSize * LengthWindow, run.Token).ConfigureAwait(false);
                        if (window.Count == 0) return;
                        after = window[^1].Hash;
                        foreach (var pending in window.OrderBy(p => p.Text.Length).Chunk(step.BatchSize))
                        {
                            // At least one batch per run, so a run always makes progress however small its budget.
                            if (budget is { } b && _started > 0 && _clock.Elapsed >= b) { OutOfTime = true; return; }
                            _started++;
                            await running.AddAsync(pending, step.EmbedAsync(pending.Select(p => p.Text).ToList(), run.Token), run.Token).ConfigureAwait(false);
                        }
                    }
                }, run.Token).ConfigureAwait(false);
                return embedded;
            }

            /// <summary>
            /// Derived sentence vectors: pages through the passages without a vector (<paramref name="fromSentences"/>
            /// false) or the sentences without one, taking the passages that hold them (true); runs each passage once,
            /// and stores its vector (when it lacked one) and every sentence's of it, each sentence once a run.
            /// </summary>
            public async Task<(int Passages, int Sentences)> EmbedDerivedAsync(bool fromSentences)
            {
                var vectors = run._store.Vectors;
                int passages = 0, sentences = 0;
                var derived = new HashSet<string>(StringComparer.Ordinal);
                var running = new InFlightBatches<PassageSentences[], IReadOnlyList<(byte[] Passage, IReadOnlyList<byte[]> Sentences)>>(step.Concurrency, async (batch, made, token) =>
                {
                    if (made.Count != batch.Length || made.Where((m, i) => m.Sentences.Count != batch[i].Sentences.Count).Any())
                        throw new InvalidOperationException($"the embedding step returned {made.Count} passages' vectors for {batch.Length}, or too few sentences'");
                    if (!fromSentences)
                    {
                        await vectors.AddVectorsAsync(new VectorBatch(step.ModelKey, step.Encoding, batch.Select((p, i) => new EncodedVector(p.Hash, made[i].Passage)).ToList()), token).ConfigureAwait(false);
                        passages += batch.Length;
                        _passagesDone += batch.Length;
                    }
                    var fresh = batch.SelectMany((p, i) => p.Sentences.Select((s, k) => new EncodedVector(s.Hash, made[i].Sentences[k])))
                        .Where(v => v.PassageHash.Length > 0 && derived.Add(v.PassageHash)).ToList();
                    await vectors.AddSentenceVectorsAsync(new VectorBatch(step.SentenceModelKey, step.Encoding, fresh), token).ConfigureAwait(false);
                    sentences += fresh.Count;
                    _sentencesDone += fresh.Count;
                    Report();
                });
                await running.RunAsync(async () =>
                {
                    string? after = null;
                    while (true)
                    {
                        var window = fromSentences
                            ? await vectors.ListSentencesWithoutVectorsAsync(step.SentenceModelKey, after, step.BatchSize * LengthWindow, run.Token).ConfigureAwait(false)
                            : await vectors.ListPassagesWithoutVectorsAsync(step.ModelKey, after, step.BatchSize * LengthWindow, run.Token).ConfigureAwait(false);
                        if (window.Count == 0) return;
                        after = window[^1].Hash;
                        // Sentences of passages still being embedded are known only once written: wait for them first.
                        if (fromSentences) await running.DrainAsync(run.Token).ConfigureAwait(false);
                        var hashes = fromSentences
                            ? await vectors.GetPassagesOfSentencesAsync(window.Select(p => p.Hash).Where(h => !derived.Contains(h)).ToList(), run.Token).ConfigureAwait(false)
                            : window.Select(p => p.Hash).ToList();
                        var contexts = await vectors.GetPassageSentencesAsync(hashes, run.Token).ConfigureAwait(false);
                        foreach (var batch in contexts.OrderBy(p => p.Text.Length).Chunk(step.BatchSize))
                        {
                            if (budget is { } b && _started > 0 && _clock.Elapsed >= b) { OutOfTime = true; return; }
                            _started++;
                            await running.AddAsync(batch, step.EmbedWithSentencesAsync(batch, run.Token), run.Token).ConfigureAwait(false);
                        }
                    }
                }, run.Token).ConfigureAwait(false);
                return (passages, sentences);
            }

            private void Report()
            {
                if (run.Progress is null) return;
                // Totals counted at the start; a file changed meanwhile can add a little, so never report more done than total.
                int passagesTotal = Math.Max(_passagesTotal, _passagesDone), sentencesTotal = Math.Max(_sentencesTotal, _sentencesDone);
                int done = _passagesDone + _sentencesDone, total = passagesTotal + sentencesTotal;
                double seconds = _clock.Elapsed.TotalSeconds;
                double? rate = done > 0 && seconds > 0 ? done / seconds : null;
                run.Progress.Report(new IndexProgress(done, total, run.NewTextLabel())
                {
                    Phase = IndexPhase.Embedding,
                    PassagesDone = _passagesDone,
                    PassagesTotal = passagesTotal,
                    SentencesDone = _sentencesDone,
                    SentencesTotal = sentencesTotal,
                    TextsPerSecond = rate,
                    TimeLeft = rate is { } r ? TimeSpan.FromSeconds((total - done) / r) : null,
                });
            }
        }

        /// <summary>"big.txt", "big.txt and 2 more", or null when this run stored no text (what is pending is older).</summary>
        private string? NewTextLabel() => _newTextPaths.Count switch
        {
            0 => null,
            1 => _newTextPaths[0],
            var n => $"{_newTextPaths[0]} and {n - 1} more",
        };

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

        /// <summary>The stamp to store: a file written within <see cref="SeedManifest.RacyMargin"/> of this run's start gets -1 (read again next run).</summary>
        private FileStamp Recorded(FileStamp stamp) => stamp.ModifiedTicks >= _racyAfter ? stamp with { ModifiedTicks = -1 } : stamp;

        /// <summary>
        /// Before this run's first write, the recorded manifest goes: a run killed half-way must not leave a manifest that
        /// vouches for an index it changed (the folder could go back to exactly the recorded listing).
        /// </summary>
        private async Task BeforeWriteAsync()
        {
            if (_manifestCleared || _storedManifest is null) return;
            await _store.SetSeedManifestAsync(null, ct).ConfigureAwait(false);
            _manifestCleared = true;
        }

        /// <summary>
        /// After a run that looked at every file: records the listing's fingerprint when the listing alone describes the
        /// outcome (every file read or unchanged, no link to a missing target, no file written within the racy margin).
        /// </summary>
        private async Task RecordManifestAsync(string fingerprint, bool listingSettled, List<SeedFile> files)
        {
            try
            {
                if (!listingSettled || _unsettled || ct.IsCancellationRequested || files.Exists(f => f.Stamp.ModifiedTicks >= _racyAfter))
                {
                    await BeforeWriteAsync().ConfigureAwait(false); // an older manifest no longer describes this folder
                    return;
                }
                var manifest = new SeedManifest(fingerprint, _keptPaths.Count, Duplicates, [.. Problems]).Serialize();
                if (_manifestCleared || manifest != _storedManifest) await _store.SetSeedManifestAsync(manifest, ct).ConfigureAwait(false);
            }
            // A manifest only saves time: an index that cannot be written (read-only or full data folder) is answered from
            // as before, with each file compared.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ManifestNotRecorded(_logger, e.Message);
            }
        }
    }
}
