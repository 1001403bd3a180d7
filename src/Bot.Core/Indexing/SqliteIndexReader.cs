using System.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Indexing;

/// <summary>Reads inside one deferred transaction: WAL gives this reader a stable snapshot.</summary>
internal sealed class SqliteIndexReader(SqliteConnection connection, SqliteTransaction transaction, PostingsCache? cache = null) : IIndexReader
{
    private const string PassageColumns = """
        p.id, p.document_id, d.path, d.title, d.url, p.paragraph, p.start, p."end", p.first_sentence, p.last_sentence, p.text, d.metadata
        """;

    // One snapshot per reader, so the totals and the terms' row counts cannot change while it is open: each is read
    // once per question, not once by the term split, again by the idf and again by the sentence frequencies.
    private readonly (long Rows, long Tokens)?[] _totals = new (long Rows, long Tokens)?[2];
    private readonly Dictionary<(int Kind, string Term), long> _vocabulary = [];

    /// <summary>The kind's row count and its tokens over all columns (bm25's N and average length).</summary>
    private async Task<(long Rows, long Tokens)> TotalsAsync(int kind, CancellationToken ct)
    {
        if (_totals[kind] is { } known) return known;
        await SharedAsync(ct).ConfigureAwait(false);
        return _totals[kind] ?? (0L, 0L);
    }

    private PostingsCache.Generation? _shared;
    private bool _stamped;

    /// <summary>
    /// Reads, once per reader and in its snapshot, both kinds' totals and the index generation; with a store's cache,
    /// returns the shared postings of that stamp (generation and totals: every write of postings bumps the generation in
    /// its own transaction).
    /// </summary>
    private async Task<PostingsCache.Generation?> SharedAsync(CancellationToken ct)
    {
        if (_stamped) return _shared;
        await using var cmd = Command("""
            SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), '0'),
                   (SELECT rows FROM postings_totals WHERE kind = 0), (SELECT tokens FROM postings_totals WHERE kind = 0),
                   (SELECT rows FROM postings_totals WHERE kind = 1), (SELECT tokens FROM postings_totals WHERE kind = 1)
            """);
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await r.ReadAsync(ct).ConfigureAwait(false);
            for (int kind = 0; kind < 2; kind++)
                _totals[kind] = r.IsDBNull(1 + 2 * kind) ? (0L, 0L) : (r.GetInt64(1 + 2 * kind), r.GetInt64(2 + 2 * kind));
            var stamp = string.Join(":", r.GetString(0), _totals[0], _totals[1]);
            _shared = cache?.For(stamp);
        }
        _stamped = true;
        return _shared;
    }

    /// <summary>How many rows of the kind hold <paramref name="stem"/> (the row counts of its blocks' entries, no data decoded).</summary>
    private async Task<long> VocabularyCountAsync(int kind, string stem, CancellationToken ct)
    {
        if (_vocabulary.TryGetValue((kind, stem), out var rows)) return rows;
        var shared = await SharedAsync(ct).ConfigureAwait(false);
        if (shared is not null && shared.TryGetCount(kind, stem, out rows)) return _vocabulary[(kind, stem)] = rows;
        rows = 0;
        var utf8 = Encoding.UTF8.GetBytes(stem);
        foreach (var blob in await BlocksAsync(kind, stem, ct).ConfigureAwait(false))
            if (PostingBlock.TryFind(blob, utf8, out var n, out _)) rows += n;
        _vocabulary[(kind, stem)] = rows;
        shared?.AddCount(kind, stem, rows);
        return rows;
    }

    private readonly List<long>?[] _segments = new List<long>?[2];
    private readonly SqliteCommand?[] _blockCommands = new SqliteCommand?[2];

    /// <summary>
    /// The block of each segment of the kind that would hold <paramref name="stem"/>: one statement, a seek per segment
    /// (a statement per segment cost a round trip each, ~15 a term at 100k passages).
    /// </summary>
    private async Task<List<byte[]>> BlocksAsync(int kind, string stem, CancellationToken ct)
    {
        var command = _blockCommands[kind];
        if (command is null)
        {
            command = _blockCommands[kind] = Command("""
                SELECT (SELECT blob FROM postings p WHERE p.kind = s.kind AND p.segment = s.segment AND p.first <= $t ORDER BY p.first DESC LIMIT 1)
                FROM postings_segments s WHERE s.kind = $k ORDER BY s.segment
                """);
            command.Parameters.AddWithValue("$k", kind);
            command.Parameters.Add(new SqliteParameter("$t", ""));
        }
        command.Parameters[1].Value = stem;
        var blobs = new List<byte[]>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            if (!r.IsDBNull(0)) blobs.Add((byte[])r.GetValue(0));
        return blobs;
    }

    /// <summary>The kind's segments, read once per reader (a handful: merged as they accumulate).</summary>
    private async Task<List<long>> SegmentsAsync(int kind, CancellationToken ct)
    {
        if (_segments[kind] is { } known) return known;
        var segments = new List<long>();
        await using (var query = Command("SELECT segment FROM postings_segments WHERE kind = $k ORDER BY segment"))
        {
            query.Parameters.AddWithValue("$k", kind);
            await using var r = await query.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) segments.Add(r.GetInt64(0));
        }
        return _segments[kind] = segments;
    }

    public async Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        if (Stems(terms) is not { } stems) return await SearchPassagesWithPhrasesAsync(terms, limit, cancellationToken).ConfigureAwait(false);
        var ranked = await RankAsync(PostingsBatch.Passages, stems, 0.3, limit, cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = await PassagesByIdAsync(ranked.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
        return ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id] with { Score = r.Score }).ToList();
    }

    /// <summary>
    /// The FTS5 stem of each distinct term, in order; null when a term is not one FTS5 token (a phrase such as
    /// "u.s.", or no token at all): such a search takes the phrase path (<see cref="SearchPassagesWithPhrasesAsync"/>).
    /// </summary>
    internal static List<string>? Stems(IReadOnlyCollection<string> terms)
    {
        var stems = new List<string>();
        foreach (var term in terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            var fts = Fts5Bm25.Terms(term);
            if (fts.Count != 1) return null;
            stems.Add(fts[0]);
        }
        return stems;
    }

    /// <summary>The best <paramref name="limit"/> rows of one kind for the stems (FTS5's bm25 over the bot's postings).</summary>
    private async Task<List<(long Id, double Score)>> RankAsync(int kind, List<string> stems, double titleWeight, int limit, CancellationToken ct)
    {
        if (stems.Count == 0) return [];
        var lists = new List<Posting[]>(stems.Count);
        foreach (var stem in stems) lists.Add(await PostingsAsync(kind, stem, ct).ConfigureAwait(false));
        if (lists.All(l => l.Length == 0)) return [];
        var (rows, tokens) = await TotalsAsync(kind, ct).ConfigureAwait(false);
        return PostingsSearch.Top(lists, rows, tokens, titleWeight, limit);
    }

    private readonly Dictionary<(int Kind, string Stem), Posting[]> _postings = [];

    /// <summary>A stem's rows of one kind over every segment, in id order (read once per reader).</summary>
    private async Task<Posting[]> PostingsAsync(int kind, string stem, CancellationToken ct)
    {
        if (_postings.TryGetValue((kind, stem), out var cached)) return cached;
        var shared = await SharedAsync(ct).ConfigureAwait(false);
        if (shared is not null && shared.TryGetPostings(kind, stem, out cached))
        {
            _vocabulary[(kind, stem)] = cached.Length;
            return _postings[(kind, stem)] = cached;
        }
        var utf8 = Encoding.UTF8.GetBytes(stem);
        var list = new List<Posting>();
        foreach (var blob in await BlocksAsync(kind, stem, ct).ConfigureAwait(false))
            if (PostingBlock.TryFind(blob, utf8, out _, out var data)) PostingCodec.Decode(data.Span, list);
        if (!PostingsBatch.IsSorted(list)) list.Sort((a, b) => a.Id.CompareTo(b.Id));
        var postings = _postings[(kind, stem)] = [.. list];
        _vocabulary[(kind, stem)] = postings.Length;
        shared?.AddPostings(kind, stem, postings);
        return postings;
    }

    private readonly Dictionary<(int Kind, string Phrase), Posting[]> _phrases = [];

    /// <summary>
    /// The rows holding a term FTS5 reads as a phrase (several tokens, "u.s." → u, s), as postings whose title and text
    /// counts are the phrase's occurrences (FTS5 counts each position where the phrase starts): the rows holding every
    /// token, then each one's text tokenized to find the tokens next to each other. A term of no token matches nothing.
    /// </summary>
    private async Task<Posting[]> PhrasePostingsAsync(int kind, string term, CancellationToken ct)
    {
        if (_phrases.TryGetValue((kind, term), out var cached)) return cached;
        var tokens = Fts5Bm25.Terms(term);
        var result = new List<Posting>();
        if (tokens.Count > 0)
        {
            var lists = new List<Posting[]>();
            foreach (var token in tokens.Distinct(StringComparer.Ordinal)) lists.Add(await PostingsAsync(kind, token, ct).ConfigureAwait(false));
            lists.Sort((a, b) => a.Length.CompareTo(b.Length));
            var candidates = lists[0].Where(p => lists.Skip(1).All(l => Array.BinarySearch(l, p, IdOrder.Instance) >= 0)).ToList();
            // A document's passages share its title: each title is tokenized and counted once, not once per passage.
            var titles = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var chunk in candidates.Chunk(500))
            {
                var texts = await TextsAsync(kind, chunk.Select(p => p.Id), ct).ConfigureAwait(false);
                foreach (var p in chunk)
                {
                    if (!texts.TryGetValue(p.Id, out var text)) continue;
                    int title = 0;
                    if (text.Title is not null && !titles.TryGetValue(text.Title, out title))
                        titles[text.Title] = title = Occurrences(Fts5Bm25.Terms(text.Title), tokens);
                    int inText = Occurrences(Fts5Bm25.Terms(text.Text), tokens);
                    if (title + inText > 0) result.Add(p with { Title = title, Text = inText });
                }
            }
        }
        return _phrases[(kind, term)] = [.. result];
    }

    private static int Occurrences(List<string> terms, List<string> phrase)
    {
        int n = 0;
        for (int i = 0; i + phrase.Count <= terms.Count; i++)
        {
            int j = 0;
            while (j < phrase.Count && terms[i + j] == phrase[j]) j++;
            if (j == phrase.Count) n++;
        }
        return n;
    }

    private sealed class IdOrder : IComparer<Posting>
    {
        public static readonly IdOrder Instance = new();

        public int Compare(Posting x, Posting y) => x.Id.CompareTo(y.Id);
    }

    /// <summary>The rows' texts (and their documents' titles, for passages).</summary>
    private async Task<Dictionary<long, (string? Title, string Text)>> TextsAsync(int kind, IEnumerable<long> ids, CancellationToken ct)
    {
        var list = string.Join(",", ids);
        await using var cmd = Command(kind == PostingsBatch.Sentences
            ? $"SELECT id, NULL, text FROM sentences WHERE id IN ({list})"
            : $"SELECT p.id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id IN ({list})");
        var texts = new Dictionary<long, (string? Title, string Text)>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) texts[r.GetInt64(0)] = (r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2));
        return texts;
    }

    /// <summary>
    /// The matched terms' rows by bm25 (as FTS5's <c>MATCH "a" OR "b c" … ORDER BY bm25 LIMIT n</c> ranked them: a
    /// phrase is scored on its occurrences, its idf from the rows holding it).
    /// </summary>
    private async Task<List<(long Id, double Score)>> RankMatchedAsync(int kind, List<string> matched, double titleWeight, int limit, CancellationToken ct)
    {
        var lists = new List<Posting[]>();
        foreach (var term in matched.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            var fts = Fts5Bm25.Terms(term);
            lists.Add(fts.Count == 1 ? await PostingsAsync(kind, fts[0], ct).ConfigureAwait(false) : await PhrasePostingsAsync(kind, term, ct).ConfigureAwait(false));
        }
        if (lists.All(l => l.Length == 0)) return [];
        var (rows, tokens) = await TotalsAsync(kind, ct).ConfigureAwait(false);
        return PostingsSearch.Top(lists, rows, tokens, titleWeight, limit);
    }

    /// <summary>The search with phrase terms: the rarer terms matched, the common ones scored on their rows.</summary>
    internal async Task<IReadOnlyList<PassageHit>> SearchPassagesWithPhrasesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var split = await SplitTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        var ranked = await RankMatchedAsync(PostingsBatch.Passages, split.Matched, 0.3, split.Scored.Count == 0 ? limit : CandidatesFor(limit), cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = await PassagesByIdAsync(ranked.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
        var hits = ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id] with { Score = r.Score }).ToList();
        if (split.Scored.Count == 0 || hits.Count == 0) return hits;

        // The common terms' share of bm25, as FTS5 would have added it: title weighs 0.3, text 1.0.
        var (rows, tokens) = await TotalsAsync(PostingsBatch.Passages, cancellationToken).ConfigureAwait(false);
        var idf = await IdfAsync(PostingsBatch.Passages, rows, split.Scored, cancellationToken).ConfigureAwait(false);
        double average = (double)tokens / Math.Max(1, rows);
        var titles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        return Rerank(hits, limit, h =>
        {
            if (!titles.TryGetValue(h.Title, out var title)) titles[h.Title] = title = Fts5Bm25.Terms(h.Title);
            var text = Fts5Bm25.Terms(h.Text);
            double extra = 0;
            for (int i = 0; i < split.Scored.Count; i++)
            {
                var stem = split.Scored[i].Stem;
                double frequency = 0.3 * Count(title, stem) + Count(text, stem);
                extra += Fts5Bm25.Score(idf[i], frequency, title.Count + text.Count, average);
            }
            return h with { Score = h.Score + extra };
        }, h => h.Score);
    }

    public async Task<IReadOnlyList<PassageHit>> GetPassagesAsync(IReadOnlyCollection<long> passageIds, CancellationToken cancellationToken)
    {
        if (passageIds.Count == 0) return [];
        var byId = await PassagesByIdAsync(passageIds, cancellationToken).ConfigureAwait(false);
        return passageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    /// <summary>The passages of <paramref name="ids"/> (score 0) by id; ids not stored are absent.</summary>
    private async Task<Dictionary<long, PassageHit>> PassagesByIdAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        await using var cmd = Command($"""
            SELECT {PassageColumns}, 0.0 FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id IN ({string.Join(",", ids)})
            """);
        return (await IndexRows.ReadPassagesAsync(cmd, ct).ConfigureAwait(false)).ToDictionary(p => p.PassageId);
    }

    public async Task<IReadOnlyList<PassageHit>> GetParagraphPassagesAsync(
        IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken)
    {
        var list = new List<PassageHit>();
        // One query per document (passages are indexed by document), its paragraphs as inlined integers.
        foreach (var doc in paragraphs.Distinct().GroupBy(k => k.DocumentId))
        {
            var numbers = string.Join(",", doc.Select(k => k.Paragraph.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await using var cmd = Command($"""
                SELECT {PassageColumns}, 0.0 FROM passages p JOIN documents d ON d.id = p.document_id
                WHERE p.document_id = $d AND p.paragraph IN ({numbers}) ORDER BY p.ordinal
                """);
            cmd.Parameters.AddWithValue("$d", doc.Key);
            list.AddRange(await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false));
        }
        return list;
    }

    public async Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesAsync(
        IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        if (Stems(terms) is not { } stems) return await SearchSentencesWithPhrasesAsync(terms, limit, cancellationToken).ConfigureAwait(false);
        var ranked = await RankAsync(PostingsBatch.Sentences, stems, 1.0, limit, cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = await SentencesByIdAsync(ranked.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
        return ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => (byId[r.Id], r.Score)).ToList();
    }

    private async Task<Dictionary<long, SentenceRow>> SentencesByIdAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var byId = new Dictionary<long, SentenceRow>();
        await using var cmd = Command($"""
            SELECT s.id, s.document_id, d.path, d.title, d.url, s.paragraph, s.ordinal, s.start, s."end", s.text, d.metadata
            FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id IN ({string.Join(",", ids)})
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) { var row = IndexRows.ReadSentence(r); byId[row.Id] = row; }
        return byId;
    }

    /// <summary>The search with phrase terms: the rarer terms matched, the common ones scored on their rows.</summary>
    internal async Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesWithPhrasesAsync(
        IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var split = await SplitTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        var ranked = await RankMatchedAsync(PostingsBatch.Sentences, split.Matched, 1.0, split.Scored.Count == 0 ? limit : CandidatesFor(limit), cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = await SentencesByIdAsync(ranked.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
        var list = ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => (Sentence: byId[r.Id], r.Score)).ToList();
        if (split.Scored.Count == 0 || list.Count == 0) return list;

        var (rows, tokens) = await TotalsAsync(PostingsBatch.Sentences, cancellationToken).ConfigureAwait(false);
        var idf = await IdfAsync(PostingsBatch.Sentences, rows, split.Scored, cancellationToken).ConfigureAwait(false);
        double average = (double)tokens / Math.Max(1, rows);
        return Rerank(list, limit, h =>
        {
            var text = Fts5Bm25.Terms(h.Sentence.Text);
            double extra = 0;
            for (int i = 0; i < split.Scored.Count; i++)
                extra += Fts5Bm25.Score(idf[i], Count(text, split.Scored[i].Stem), text.Count, average);
            return (h.Sentence, h.Score + extra);
        }, h => h.Score);
    }

    /// <summary>
    /// Search terms held by more sentences than this, and by more than one in <see cref="CommonTermShare"/> of them, are
    /// left out of the MATCH and only scored on the rows the other terms found. FTS5's bm25 ranking visits every row
    /// that matches any term (and counts each term's rows for its idf), so one very common word ("states", "took") made
    /// a question cost in proportion to the corpus. Below this many sentences nothing changes: a corpus of a few
    /// thousand sentences has no such term. The share keeps terms that still tell passages apart matched: at 100k
    /// passages (350k sentences) a limit of 1,000 alone left out terms held by 0.3–2.5 % of the sentences and cost 4
    /// points of quote@1 on the scale benchmark (docs/benchmarks.md).
    /// </summary>
    internal const int CommonTermSentences = 1000;

    /// <summary>See <see cref="CommonTermSentences"/>: a term in more than 1/40 of the sentences (idf under ~3.7).</summary>
    internal const int CommonTermShare = 40;

    /// <summary>Rows taken by the rarer terms before the common ones are scored on them.</summary>
    internal static int CandidatesFor(int limit) => Math.Max(limit * 4, 100);

    /// <summary>
    /// The terms to MATCH and the common ones (with their FTS5 stem) to score on the rows found; when every term is
    /// common the rarest is matched. A term FTS5 splits into several tokens is always matched.
    /// </summary>
    private async Task<(List<string> Matched, List<(string Term, string Stem)> Scored)> SplitTermsAsync(
        IReadOnlyCollection<string> terms, CancellationToken ct)
    {
        var matched = new List<string>();
        var common = new List<(string Term, string Stem, long Rows)>();
        var (sentences, _) = await TotalsAsync(PostingsBatch.Sentences, ct).ConfigureAwait(false);
        long limit = Math.Max(CommonTermSentences, sentences / CommonTermShare);
        foreach (var term in terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            var fts = Fts5Bm25.Terms(term);
            if (fts.Count != 1) { matched.Add(term); continue; }
            var rows = await VocabularyCountAsync(PostingsBatch.Sentences, fts[0], ct).ConfigureAwait(false);
            if (rows > limit) common.Add((term, fts[0], rows));
            else matched.Add(term);
        }
        if (matched.Count == 0 && common.Count > 0)
        {
            var rarest = common.MinBy(c => c.Rows);
            common.Remove(rarest);
            matched.Add(rarest.Term);
        }
        // Two terms with one stem ("state", "states") are one FTS5 phrase each: both are scored, as FTS5 would.
        return (matched, common.Select(c => (c.Term, c.Stem)).ToList());
    }

    /// <summary>FTS5's idf of each scored term among the rows of the kind.</summary>
    private async Task<double[]> IdfAsync(int kind, long rows, List<(string Term, string Stem)> scored, CancellationToken ct)
    {
        var idf = new double[scored.Count];
        for (int i = 0; i < scored.Count; i++)
            idf[i] = Fts5Bm25.Idf(rows, await VocabularyCountAsync(kind, scored[i].Stem, ct).ConfigureAwait(false));
        return idf;
    }

    private static int Count(List<string> terms, string stem)
    {
        int n = 0;
        foreach (var t in terms) if (t == stem) n++;
        return n;
    }

    /// <summary>The best <paramref name="limit"/> after rescoring, ties in the order FTS5 returned them.</summary>
    private static List<T> Rerank<T>(List<T> hits, int limit, Func<T, T> rescore, Func<T, double> score) =>
        hits.Select((h, i) => (Hit: rescore(h), Rank: i)).OrderByDescending(x => score(x.Hit)).ThenBy(x => x.Rank).Take(limit).Select(x => x.Hit).ToList();

    public async Task<IReadOnlyList<SentenceRow>> GetParagraphSentencesAsync(
        IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken)
    {
        var list = new List<SentenceRow>();
        if (paragraphs.Count == 0) return list;
        // A paragraph's rows are the same for every reader of one index generation: read once, then shared.
        var shared = await SharedAsync(cancellationToken).ConfigureAwait(false);
        // Creating the command prepares nothing (that happens on its first execution): made even when every paragraph is shared.
        await using var cmd = Command("""
            SELECT s.id, s.document_id, d.path, d.title, d.url, s.paragraph, s.ordinal, s.start, s."end", s.text, d.metadata
            FROM sentences s JOIN documents d ON d.id = s.document_id
            WHERE s.document_id = $d AND s.paragraph = $p ORDER BY s.ordinal
            """);
        var d = cmd.Parameters.Add(new SqliteParameter("$d", 0L));
        var p = cmd.Parameters.Add(new SqliteParameter("$p", 0));
        foreach (var (docId, para) in paragraphs.Distinct())
        {
            if (shared is not null && shared.TryGetParagraph(docId, para, out var known))
            {
                list.AddRange(known);
                continue;
            }
            d.Value = docId; p.Value = para;
            int first = list.Count;
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(IndexRows.ReadSentence(r));
            shared?.AddParagraph(docId, para, list.GetRange(first, list.Count - first).ToArray());
        }
        return list;
    }

    public async Task<(IReadOnlyDictionary<string, int> Frequencies, int SentenceCount)> GetSentenceFrequenciesAsync(
        IReadOnlyCollection<string> stems, CancellationToken cancellationToken)
    {
        var freq = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in stems.Distinct())
            freq[stem] = (int)await VocabularyCountAsync(PostingsBatch.Sentences, stem, cancellationToken).ConfigureAwait(false);
        // The sentence count from the postings' totals instead of count(*), a scan of the table.
        var (n, _) = await TotalsAsync(PostingsBatch.Sentences, cancellationToken).ConfigureAwait(false);
        return (freq, (int)n);
    }

    public async Task<IReadOnlyList<(string Stem, int Sentences)>> ListStemsAsync(string prefix, int minLength, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        // The postings' terms are FTS5's porter stems of the diacritic-folded words, the keys GetSentenceFrequenciesAsync
        // looks up. Each segment's blocks are sorted by their first term: the prefix's range is read from the block that
        // would hold the prefix onwards, not the whole vocabulary.
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using var cmd = Command("""
            SELECT blob FROM postings WHERE kind = $k AND segment = $s AND first < $hi
              AND first >= coalesce((SELECT max(first) FROM postings WHERE kind = $k AND segment = $s AND first <= $lo), '')
            ORDER BY first
            """);
        cmd.Parameters.AddWithValue("$k", PostingsBatch.Sentences);
        var segment = cmd.Parameters.Add(new SqliteParameter("$s", 0L));
        cmd.Parameters.AddWithValue("$lo", prefix);
        cmd.Parameters.AddWithValue("$hi", prefix + char.MaxValue);
        foreach (var s in await SegmentsAsync(PostingsBatch.Sentences, cancellationToken).ConfigureAwait(false))
        {
            segment.Value = s;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                foreach (var e in PostingBlock.Parse((byte[])r.GetValue(0)))
                {
                    if (!e.Term.StartsWith(prefix, StringComparison.Ordinal)) continue;
                    int length = e.Term.EnumerateRunes().Count();
                    if (length >= minLength && length <= maxLength) counts[e.Term] = counts.GetValueOrDefault(e.Term) + e.Rows;
                }
        }
        return counts.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> GetWordDocumentsAsync(
        IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        // The word's FTS5 stem, as FTS5 stems it; its sentence postings carry their documents (a search has usually
        // read them already). A word FTS5 reads as a phrase is found as the phrase search finds it.
        var result = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            var postings = Stems([word]) is [var stem]
                ? await PostingsAsync(PostingsBatch.Sentences, stem, cancellationToken).ConfigureAwait(false)
                : await PhrasePostingsAsync(PostingsBatch.Sentences, word, cancellationToken).ConfigureAwait(false);
            var documents = new SortedSet<long>();
            foreach (var p in postings) documents.Add(p.Document);
            result[word] = [.. documents];
        }
        return result;
    }

    public async Task<string> GetVectorStampAsync(string modelKey, CancellationToken cancellationToken)
    {
        // Every write that can change passages or vectors bumps meta.generation (SqliteIndexStore), so this is O(1).
        await using var cmd = Command("SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), '0')");
        return (string)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<string> GetTextAsync(long documentId, int start, int end, CancellationToken cancellationToken) =>
        (await GetDocumentTextAsync(documentId, cancellationToken).ConfigureAwait(false))[start..end];

    public async Task<string> GetDocumentTextAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var cmd = Command("SELECT text FROM documents WHERE id = $id");
        cmd.Parameters.AddWithValue("$id", documentId);
        var text = (string?)await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Document {documentId} is not in the index.");
        return text;
    }

    public async Task<Documents.DocumentGenre> GetDocumentGenreAsync(long documentId, CancellationToken cancellationToken)
    {
        // The text is read only for a row written without a genre (none since v8: the writer and the upgrade store it).
        await using var cmd = Command("SELECT genre, CASE WHEN genre IS NULL THEN text END FROM documents WHERE id = $id");
        cmd.Parameters.AddWithValue("$id", documentId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException($"Document {documentId} is not in the index.");
        return r.IsDBNull(0) ? Documents.GenreDetector.Detect(r.GetString(1)) : (Documents.DocumentGenre)r.GetInt64(0);
    }

    public async Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string modelKey, CancellationToken cancellationToken)
    {
        await using var cmd = Command("""
            SELECT p.id, v.vector FROM passages p JOIN passage_vectors v ON v.model_key = $k AND v.passage_hash = p.hash ORDER BY p.id
            """);
        cmd.Parameters.AddWithValue("$k", modelKey);
        var list = new List<PassageVector>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new PassageVector(r.GetInt64(0), (byte[])r.GetValue(1)));
        return list;
    }

    public async Task<IReadOnlyList<byte[]?>> GetSentenceVectorsAsync(string modelKey, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) return [];
        await using var cmd = Command(SentenceVectorsSql(sentences.Select(x => x.Id)));
        cmd.Parameters.AddWithValue("$k", modelKey);
        var byId = new Dictionary<long, byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) byId[r.GetInt64(0)] = (byte[])r.GetValue(1);
        return sentences.Select(x => byId.GetValueOrDefault(x.Id)).ToList();
    }

    /// <summary>
    /// The candidate sentences' vectors. Ids are inlined as integers (as GetPassagesAsync does): one statement whatever
    /// the number of sentences. CROSS JOIN fixes the loop order: left to itself SQLite walks every vector of the model and
    /// probes the sentences (25 ms a question on squad-dev, growing with the corpus) instead of fetching the few asked
    /// sentences by id and their vectors by primary key (0.5 ms).
    /// </summary>
    internal static string SentenceVectorsSql(IEnumerable<long> ids) => $"""
        SELECT s.id, v.vector FROM sentences s CROSS JOIN sentence_vectors v ON v.model_key = $k AND v.sentence_hash = s.hash
        WHERE s.id IN ({string.Join(",", ids.Distinct())})
        """;

    private SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _blockCommands)
            if (command is not null) await command.DisposeAsync().ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
