using System.Text.Json;
using System.Diagnostics;
using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Chunking;
using Bot.Core.Configuration;
using Bot.Core.DependencyInjection;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Evaluation;

/// <summary>
/// Runs an evaluation: a throw-away index of the documents in a temporary data folder, every question through the
/// same answerer `bot ask` uses, optionally plain BM25 beside it, and the out-of-corpus check on two half indexes.
/// </summary>
public sealed class EvalRunner(IConfiguration configuration, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<EvalRunner>();

    public async Task<EvalReport> RunAsync(EvalSettings settings, IProgress<EvalProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Directory.Exists(settings.DocsPath)) throw new DirectoryNotFoundException($"The docs folder '{settings.DocsPath}' does not exist.");
        var questions = Sample(await EvalQuestionLoader.LoadAsync(settings.QuestionsPath, cancellationToken).ConfigureAwait(false), settings.Limit);
        var docs = ListDocs(settings.DocsPath);
        var tuning = EvalSplit.TuningDocs(docs);
        var temp = Directory.CreateTempSubdirectory("bot-eval-");
        // --dump FILE (diagnostics): one JSON line per question with the answerer's confidence, the question and its
        // first quote, so abstention thresholds can be replayed (and the questions still answered read) offline.
        await using var dump = settings.DumpPath is { Length: > 0 } dumpPath ? new StreamWriter(dumpPath, append: false) : null;
        try
        {
            await using var all = await IndexAsync(settings.DocsPath, Path.Combine(temp.FullName, "all"), progress, cancellationToken).ConfigureAwait(false);
            double meanSentence = await MeanSentenceLengthAsync(settings.DocsPath, docs, all.Services, cancellationToken).ConfigureAwait(false);

            var ours = await AskAllAsync(all.Services, questions, "asking", progress, cancellationToken, dump).ConfigureAwait(false);
            var rows = Rows("bot", ours, tuning);
            if (settings.Baseline)
            {
                var baseline = await BaselineAllAsync(all.Services, questions, progress, cancellationToken).ConfigureAwait(false);
                rows.AddRange(Rows("bm25", baseline, tuning));
            }

            var outOfCorpus = new List<OutOfCorpusResult>();
            if (settings.OutOfCorpus && docs.Count >= 2)
            {
                var untouched = docs.Where(d => !tuning.Contains(d)).ToList();
                outOfCorpus.Add(await OutOfCorpusAsync("tuning", tuning, questions, settings.DocsPath, temp.FullName, progress, dump, cancellationToken).ConfigureAwait(false));
                outOfCorpus.Add(await OutOfCorpusAsync("untouched", untouched, questions, settings.DocsPath, temp.FullName, progress, dump, cancellationToken).ConfigureAwait(false));
            }

            using var process = Process.GetCurrentProcess();
            return new EvalReport(Path.GetFullPath(settings.DocsPath), Path.GetFullPath(settings.QuestionsPath), questions.Count, docs.Count, tuning,
                Math.Round(all.Seconds, 2), Math.Round(meanSentence, 1), Math.Round(process.PeakWorkingSet64 / 1048576.0, 0), rows, outOfCorpus);
        }
        finally
        {
            try { temp.Delete(recursive: true); }
            catch (IOException e) { Log.TempNotDeleted(_logger, temp.FullName, e.Message); }
        }
    }

    /// <summary>Every question through the answerer `bot ask` uses, timing each.</summary>
    public static async Task<List<QuestionOutcome>> AskAllAsync(IServiceProvider services, IReadOnlyList<EvalQuestion> questions, string stage,
        IProgress<EvalProgress>? progress, CancellationToken cancellationToken, TextWriter? dump = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(questions);
        var answerer = services.GetRequiredService<ExtractiveAnswerer>();
        var outcomes = new List<QuestionOutcome>(questions.Count);
        for (int i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            progress?.Report(new EvalProgress(stage, i, questions.Count));
            var sw = Stopwatch.StartNew();
            var trace = await answerer.AskWithTraceAsync(new AskRequest(q.Question), cancellationToken).ConfigureAwait(false);
            sw.Stop();
            int rank = GoldRank(q, trace.Passages.Select(p => (p.Path, p.Text)));
            outcomes.Add(new QuestionOutcome(q, trace.Answer.Answered, trace.Answer.Quotes.FirstOrDefault()?.Text, rank, sw.Elapsed.TotalMilliseconds));
            if (dump is not null)
            {
                // The ranker's best sentence alone, before the first quote spans a neighbour (what the trainer's out-of-fold figures score).
                var best = trace.Ranked.Count > 0 ? trace.Ranked[0].Sentence.Text : null;
                bool bestCorrect = best is not null && GoldAnswers.ContainsAny(best, q.Answers);
                var line = new
                {
                    stage, doc = q.Doc, kind = q.Kind, q.Answerable, trace.Answer.Answered, trace.Answer.Confidence, correct = outcomes[^1].QuoteCorrect, bestCorrect,
                    q.Question, quote = outcomes[^1].FirstQuote, best, note = trace.Answer.Note, ranked = trace.Ranked.Take(5).Select(r => new { r.Score, r.Sentence.Text }),
                    goldRank = rank, ms = Math.Round(sw.Elapsed.TotalMilliseconds, 1),
                };
                await dump.WriteLineAsync(JsonSerializer.Serialize(line)).ConfigureAwait(false);
            }
        }
        progress?.Report(new EvalProgress(stage, questions.Count, questions.Count));
        return outcomes;
    }

    private static async Task<List<QuestionOutcome>> BaselineAllAsync(IServiceProvider services, IReadOnlyList<EvalQuestion> questions,
        IProgress<EvalProgress>? progress, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IIndexStore>();
        var outcomes = new List<QuestionOutcome>(questions.Count);
        for (int i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            progress?.Report(new EvalProgress("baseline", i, questions.Count));
            var sw = Stopwatch.StartNew();
            await using var reader = await store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            var hits = await Bm25Baseline.SearchAsync(reader, q.Question, 10, cancellationToken).ConfigureAwait(false);
            sw.Stop();
            outcomes.Add(new QuestionOutcome(q, hits.Count > 0, hits.Count > 0 ? hits[0].Sentence.Text : null,
                GoldRank(q, hits.Select(h => (h.Sentence.Path, h.Sentence.Text))), sw.Elapsed.TotalMilliseconds));
        }
        progress?.Report(new EvalProgress("baseline", questions.Count, questions.Count));
        return outcomes;
    }

    private async Task<OutOfCorpusResult> OutOfCorpusAsync(string name, IReadOnlyList<string> indexedDocs, IReadOnlyList<EvalQuestion> questions,
        string docsPath, string temp, IProgress<EvalProgress>? progress, TextWriter? dump, CancellationToken ct)
    {
        // A seeds folder holding only this half's articles.
        var seeds = Path.Combine(temp, "half-" + name, "seeds");
        foreach (var doc in indexedDocs)
        {
            var target = Path.Combine(seeds, doc);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(docsPath, doc), target);
        }
        var indexed = indexedDocs.ToHashSet(StringComparer.Ordinal);
        await using var half = await IndexAsync(seeds, Path.Combine(temp, "half-" + name, "data"), progress, ct).ConfigureAwait(false);
        var outside = questions.Where(q => !indexed.Contains(q.Doc)).ToList();
        var inside = questions.Where(q => indexed.Contains(q.Doc) && q.Answerable).ToList();
        var o = await AskAllAsync(half.Services, outside, $"out-of-corpus ({name} indexed)", progress, ct, dump).ConfigureAwait(false);
        var i = await AskAllAsync(half.Services, inside, $"in-corpus ({name} indexed)", progress, ct, dump).ConfigureAwait(false);
        return new OutOfCorpusResult(name, o.Count, Ratio(o.Count(x => !x.Answered), o.Count), i.Count, Ratio(i.Count(x => !x.Answered), i.Count),
            Ratio(i.Count(x => x.QuoteCorrect), i.Count));
    }

    /// <summary>The <see cref="EvalMetrics.Subset"/> name of one kind of question.</summary>
    public static string KindSubset(string kind) => "kind:" + kind;

    private static double Ratio(int n, int d) => d == 0 ? 0 : Math.Round((double)n / d, 3);

    private static List<EvalMetrics> Rows(string system, List<QuestionOutcome> outcomes, IReadOnlyList<string> tuning)
    {
        var t = tuning.ToHashSet(StringComparer.Ordinal);
        var rows = new List<EvalMetrics>
        {
            EvalMetrics.From(system, "all", outcomes),
            EvalMetrics.From(system, "tuning", outcomes.Where(o => t.Contains(o.Question.Doc)).ToList()),
            EvalMetrics.From(system, "untouched", outcomes.Where(o => !t.Contains(o.Question.Doc)).ToList()),
        };
        // A file that tags its questions (news-dev) is also reported kind by kind, in the file's order of kinds.
        foreach (var kind in outcomes.Select(o => o.Question.Kind).OfType<string>().Distinct(StringComparer.Ordinal))
            rows.Add(EvalMetrics.From(system, KindSubset(kind), outcomes.Where(o => o.Question.Kind == kind).ToList()));
        return rows;
    }

    /// <summary>1-based rank of the first hit from the gold document that holds a gold answer; 0 when none of the first 10 does.</summary>
    private static int GoldRank(EvalQuestion q, IEnumerable<(string Path, string Text)> hits)
    {
        if (!q.Answerable) return 0;
        int rank = 0;
        foreach (var (path, text) in hits.Take(10))
        {
            rank++;
            if (path == q.Doc && GoldAnswers.ContainsAny(text, q.Answers)) return rank;
        }
        return 0;
    }

    /// <summary>At most <paramref name="limit"/> questions, spread evenly over the file so every article keeps some.</summary>
    public static IReadOnlyList<EvalQuestion> Sample(IReadOnlyList<EvalQuestion> questions, int limit)
    {
        ArgumentNullException.ThrowIfNull(questions);
        if (limit <= 0 || limit >= questions.Count) return questions;
        return Enumerable.Range(0, limit).Select(i => questions[(int)((long)i * questions.Count / limit)]).ToList();
    }

    private static List<string> ListDocs(string docsPath)
    {
        var root = Path.GetFullPath(docsPath);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(r => !r.Split('/').Any(part => part.StartsWith('.')) && DocumentLoader.IsSupported(r))
            .Order(StringComparer.Ordinal).ToList();
    }

    private async Task<IndexedCorpus> IndexAsync(string seeds, string data, IProgress<EvalProgress>? progress, CancellationToken ct)
    {
        var overrides = new Dictionary<string, string?> { ["Bot:SeedsPath"] = seeds, ["Bot:DataPath"] = data };
        var config = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddBotCore(config);
        var provider = services.BuildServiceProvider();
        try
        {
            var sw = Stopwatch.StartNew();
            var indexProgress = progress is null ? null : new SyncProgress(p => progress.Report(new EvalProgress("indexing", p.Done, p.Total)));
            await provider.GetRequiredService<SeedIndexer>().IndexAsync(true, indexProgress, ct).ConfigureAwait(false);
            return new IndexedCorpus(provider, sw.Elapsed.TotalSeconds);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<double> MeanSentenceLengthAsync(string docsPath, IReadOnlyList<string> docs, IServiceProvider services, CancellationToken ct)
    {
        // The same chunker settings the index used, so "sentence" means what the answerer quotes.
        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var chunker = new Chunker(options.PassageTokens, options.OverlapSentences);
        long chars = 0, count = 0;
        foreach (var doc in docs)
        {
            try
            {
                var loaded = await DocumentLoader.LoadAsync(Path.Combine(docsPath, doc), doc, options.MaxFileBytes, ct).ConfigureAwait(false);
                foreach (var s in chunker.Chunk(loaded).Sentences) { chars += s.Text.Length; count++; }
            }
            catch (DocumentLoadException) { } // not indexed either
        }
        return count == 0 ? 0 : (double)chars / count;
    }

    private sealed class IndexedCorpus(ServiceProvider services, double seconds) : IAsyncDisposable
    {
        public IServiceProvider Services => services;
        public double Seconds => seconds;
        public ValueTask DisposeAsync() => services.DisposeAsync();
    }

    private sealed class SyncProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
