using System.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Indexing;

/// <summary>Reads inside one deferred transaction: WAL gives this reader a stable snapshot.</summary>
internal sealed class SqliteIndexReader(SqliteConnection connection, SqliteTransaction transaction) : IIndexReader
{
    private const string PassageColumns = """
        p.id, p.document_id, d.path, d.title, d.url, p.paragraph, p.start, p."end", p.first_sentence, p.last_sentence, p.text, d.metadata
        """;

    // One snapshot per reader, so FTS5's totals and the vocabulary's row counts cannot change while it is open: each is
    // read once per question, not once by the term split, again by the idf and again by the sentence frequencies.
    private readonly Dictionary<string, (long Rows, long Tokens)> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Vocabulary, string Term), long> _vocabulary = [];
    private SqliteCommand? _vocabularyCommand;
    private string? _vocabularyTable;

    private async Task<(long Rows, long Tokens)> TotalsAsync(string table, CancellationToken ct)
    {
        if (!_totals.TryGetValue(table, out var totals))
            _totals[table] = totals = await Fts5Bm25.TotalsAsync(Command, table, ct).ConfigureAwait(false);
        return totals;
    }

    /// <summary>How many rows of the FTS5 table behind <paramref name="vocabulary"/> hold <paramref name="term"/>.</summary>
    private async Task<long> VocabularyCountAsync(string vocabulary, string term, CancellationToken ct)
    {
        if (_vocabulary.TryGetValue((vocabulary, term), out var rows)) return rows;
        if (_vocabularyTable != vocabulary)
        {
            if (_vocabularyCommand is not null) await _vocabularyCommand.DisposeAsync().ConfigureAwait(false);
            _vocabularyCommand = Command($"SELECT doc FROM {vocabulary} WHERE term = $t");
            _vocabularyCommand.Parameters.Add(new SqliteParameter("$t", ""));
            _vocabularyTable = vocabulary;
        }
        _vocabularyCommand!.Parameters[0].Value = term;
        rows = await _vocabularyCommand.ExecuteScalarAsync(ct).ConfigureAwait(false) is long l ? l : 0;
        _vocabulary[(vocabulary, term)] = rows;
        return rows;
    }

    public async Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        if (Stems(terms) is not { } stems) return await SearchPassagesFts5Async(terms, limit, cancellationToken).ConfigureAwait(false);
        var ranked = await RankAsync(PostingsBatch.Passages, "passages_fts", stems, 0.3, limit, cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = (await GetPassagesAsync(ranked.Select(r => r.Id).ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.PassageId);
        return ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id] with { Score = r.Score }).ToList();
    }

    /// <summary>
    /// The FTS5 stem of each distinct term, in order; null when a term is not one FTS5 token (a phrase such as
    /// "u.s.", or no token at all): such a search is left to FTS5 (<see cref="SearchPassagesFts5Async"/>).
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
    private async Task<List<(long Id, double Score)>> RankAsync(int kind, string table, List<string> stems, double titleWeight, int limit, CancellationToken ct)
    {
        if (stems.Count == 0) return [];
        var lists = new List<Posting[]>(stems.Count);
        foreach (var stem in stems) lists.Add(await PostingsAsync(kind, stem, ct).ConfigureAwait(false));
        if (lists.All(l => l.Length == 0)) return [];
        var (rows, tokens) = await TotalsAsync(table, ct).ConfigureAwait(false);
        return PostingsSearch.Top(lists, rows, tokens, titleWeight, limit);
    }

    private readonly Dictionary<(int Kind, string Stem), Posting[]> _postings = [];
    private readonly SqliteCommand?[] _postingsCommands = new SqliteCommand?[2];

    /// <summary>A stem's rows of one kind over every segment, in id order (read once per reader).</summary>
    private async Task<Posting[]> PostingsAsync(int kind, string stem, CancellationToken ct)
    {
        if (_postings.TryGetValue((kind, stem), out var cached)) return cached;
        var command = _postingsCommands[kind];
        if (command is null)
        {
            // The kind's segments once per reader (a handful: merged as they accumulate); then one seek per segment.
            var segments = new List<long>();
            await using (var query = Command("SELECT segment FROM postings_segments WHERE kind = $k"))
            {
                query.Parameters.AddWithValue("$k", kind);
                await using var r = await query.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await r.ReadAsync(ct).ConfigureAwait(false)) segments.Add(r.GetInt64(0));
            }
            command = _postingsCommands[kind] = Command($"SELECT blob FROM postings WHERE kind = $k AND segment IN ({string.Join(",", segments)}) AND term = $t");
            command.Parameters.AddWithValue("$k", kind);
            command.Parameters.Add(new SqliteParameter("$t", ""));
        }
        command.Parameters[1].Value = stem;
        var list = new List<Posting>();
        await using (var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) PostingCodec.Decode((byte[])r.GetValue(0), list);
        if (!PostingsBatch.IsSorted(list)) list.Sort((a, b) => a.Id.CompareTo(b.Id));
        var postings = _postings[(kind, stem)] = [.. list];
        // The same count fts5vocab gives: the rows holding the stem (read again for the question's idf).
        if (kind == PostingsBatch.Sentences) _vocabulary[("sentences_vocab", stem)] = postings.Length;
        return postings;
    }

    /// <summary>The FTS5 search (terms that are phrases): the rarer terms matched, the common ones scored on their rows.</summary>
    internal async Task<IReadOnlyList<PassageHit>> SearchPassagesFts5Async(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var split = await SplitTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        var match = MatchExpression(split.Matched);
        if (match is null) return [];
        var ranked = await TopRowsAsync("SELECT rowid, -bm25(passages_fts, 0.3, 1.0) FROM passages_fts WHERE passages_fts MATCH $q ORDER BY bm25(passages_fts, 0.3, 1.0) LIMIT $n",
            match, split.Scored.Count == 0 ? limit : CandidatesFor(limit), cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        await using var cmd = Command($"""
            SELECT {PassageColumns}, 0.0 FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id IN ({string.Join(",", ranked.Select(r => r.Id))})
            """);
        var byId = (await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.PassageId);
        var hits = ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id] with { Score = r.Score }).ToList();
        if (split.Scored.Count == 0 || hits.Count == 0) return hits;

        // The common terms' share of bm25, as FTS5 would have added it: title weighs 0.3, text 1.0.
        var (rows, tokens) = await TotalsAsync("passages_fts", cancellationToken).ConfigureAwait(false);
        var rowTokens = await Fts5Bm25.RowTokensAsync(Command, "passages_fts", 2, hits.Select(h => h.PassageId), cancellationToken).ConfigureAwait(false);
        var idf = await IdfAsync("passages_vocab", rows, split.Scored, cancellationToken).ConfigureAwait(false);
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
                extra += Fts5Bm25.Score(idf[i], frequency, rowTokens.GetValueOrDefault(h.PassageId), average);
            }
            return h with { Score = h.Score + extra };
        }, h => h.Score);
    }

    public async Task<IReadOnlyList<PassageHit>> GetPassagesAsync(IReadOnlyCollection<long> passageIds, CancellationToken cancellationToken)
    {
        if (passageIds.Count == 0) return [];
        await using var cmd = Command($"""
            SELECT {PassageColumns}, 0.0 FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id IN ({string.Join(",", passageIds)})
            """);
        var byId = (await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.PassageId);
        return passageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
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
        if (Stems(terms) is not { } stems) return await SearchSentencesFts5Async(terms, limit, cancellationToken).ConfigureAwait(false);
        var ranked = await RankAsync(PostingsBatch.Sentences, "sentences_fts", stems, 1.0, limit, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The FTS5 search (terms that are phrases): the rarer terms matched, the common ones scored on their rows.</summary>
    internal async Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesFts5Async(
        IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var split = await SplitTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        var match = MatchExpression(split.Matched);
        if (match is null) return [];
        var ranked = await TopRowsAsync("SELECT rowid, -bm25(sentences_fts) FROM sentences_fts WHERE sentences_fts MATCH $q ORDER BY bm25(sentences_fts) LIMIT $n",
            match, split.Scored.Count == 0 ? limit : CandidatesFor(limit), cancellationToken).ConfigureAwait(false);
        if (ranked.Count == 0) return [];
        var byId = await SentencesByIdAsync(ranked.Select(r => r.Id), cancellationToken).ConfigureAwait(false);
        var list = ranked.Where(r => byId.ContainsKey(r.Id)).Select(r => (Sentence: byId[r.Id], r.Score)).ToList();
        if (split.Scored.Count == 0 || list.Count == 0) return list;

        var (rows, tokens) = await TotalsAsync("sentences_fts", cancellationToken).ConfigureAwait(false);
        var rowTokens = await Fts5Bm25.RowTokensAsync(Command, "sentences_fts", 1, list.Select(h => h.Sentence.Id), cancellationToken).ConfigureAwait(false);
        var idf = await IdfAsync("sentences_vocab", rows, split.Scored, cancellationToken).ConfigureAwait(false);
        double average = (double)tokens / Math.Max(1, rows);
        return Rerank(list, limit, h =>
        {
            var text = Fts5Bm25.Terms(h.Sentence.Text);
            double extra = 0;
            for (int i = 0; i < split.Scored.Count; i++)
                extra += Fts5Bm25.Score(idf[i], Count(text, split.Scored[i].Stem), rowTokens.GetValueOrDefault(h.Sentence.Id), average);
            return (h.Sentence, h.Score + extra);
        }, h => h.Score);
    }

    /// <summary>
    /// FTS5's best <paramref name="limit"/> rows for <paramref name="match"/> (rowid, score), best first. Only the FTS5 table
    /// is read here: joined to the content tables in the same statement, SQLite looked up and carried every matching row's
    /// text and document into the sort before the LIMIT (at 100k passages half of a question's time, ~25 ms of ~48 ms a
    /// query); the winners' rows are fetched by id afterwards. Ties keep FTS5's order (SQLite's sort is stable).
    /// </summary>
    private async Task<List<(long Id, double Score)>> TopRowsAsync(string sql, string match, int limit, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$n", limit);
        var ranked = new List<(long Id, double Score)>(limit);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) ranked.Add((r.GetInt64(0), r.GetDouble(1)));
        return ranked;
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
        var (sentences, _) = await TotalsAsync("sentences_fts", ct).ConfigureAwait(false);
        long limit = Math.Max(CommonTermSentences, sentences / CommonTermShare);
        foreach (var term in terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            var fts = Fts5Bm25.Terms(term);
            if (fts.Count != 1) { matched.Add(term); continue; }
            var rows = await VocabularyCountAsync("sentences_vocab", fts[0], ct).ConfigureAwait(false);
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

    /// <summary>FTS5's idf of each scored term in the table behind <paramref name="vocabulary"/>.</summary>
    private async Task<double[]> IdfAsync(string vocabulary, long rows, List<(string Term, string Stem)> scored, CancellationToken ct)
    {
        var idf = new double[scored.Count];
        for (int i = 0; i < scored.Count; i++)
            idf[i] = Fts5Bm25.Idf(rows, await VocabularyCountAsync(vocabulary, scored[i].Stem, ct).ConfigureAwait(false));
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
        await using var cmd = Command("""
            SELECT s.id, s.document_id, d.path, d.title, d.url, s.paragraph, s.ordinal, s.start, s."end", s.text, d.metadata
            FROM sentences s JOIN documents d ON d.id = s.document_id
            WHERE s.document_id = $d AND s.paragraph = $p ORDER BY s.ordinal
            """);
        var d = cmd.Parameters.Add(new SqliteParameter("$d", 0L));
        var p = cmd.Parameters.Add(new SqliteParameter("$p", 0));
        foreach (var (docId, para) in paragraphs.Distinct())
        {
            d.Value = docId; p.Value = para;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(IndexRows.ReadSentence(r));
        }
        return list;
    }

    public async Task<(IReadOnlyDictionary<string, int> Frequencies, int SentenceCount)> GetSentenceFrequenciesAsync(
        IReadOnlyCollection<string> stems, CancellationToken cancellationToken)
    {
        var freq = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in stems.Distinct())
            freq[stem] = (int)await VocabularyCountAsync("sentences_vocab", stem, cancellationToken).ConfigureAwait(false);
        // The sentence count from FTS5's totals record (one row per sentence) instead of count(*), a scan of the table.
        var (n, _) = await TotalsAsync("sentences_fts", cancellationToken).ConfigureAwait(false);
        return (freq, (int)n);
    }

    public async Task<IReadOnlyList<(string Stem, int Sentences)>> ListStemsAsync(string prefix, int minLength, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        // fts5vocab's terms are FTS5's porter stems of the diacritic-folded words, the keys GetSentenceFrequenciesAsync
        // looks up. A range on term is answered from the index's sorted terms instead of walking all of them.
        await using var cmd = Command("SELECT term, doc FROM sentences_vocab WHERE term >= $lo AND term < $hi AND length(term) BETWEEN $a AND $b");
        cmd.Parameters.AddWithValue("$lo", prefix);
        cmd.Parameters.AddWithValue("$hi", prefix + char.MaxValue);
        cmd.Parameters.AddWithValue("$a", minLength);
        cmd.Parameters.AddWithValue("$b", maxLength);
        var list = new List<(string, int)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add((r.GetString(0), (int)r.GetInt64(1)));
        return list;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> GetWordDocumentsAsync(
        IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        // The word's FTS5 stem, as FTS5 stems it; its sentence postings carry their documents (a search has usually
        // read them already). A word FTS5 reads as a phrase is matched by FTS5.
        var result = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        var phrases = new List<string>();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            if (Stems([word]) is not [var stem]) { phrases.Add(word); continue; }
            var postings = await PostingsAsync(PostingsBatch.Sentences, stem, cancellationToken).ConfigureAwait(false);
            var documents = new SortedSet<long>();
            foreach (var p in postings) documents.Add(p.Document);
            result[word] = [.. documents];
        }
        if (phrases.Count == 0) return result;
        await using var cmd = Command("""
            SELECT DISTINCT s.document_id FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
            WHERE sentences_fts MATCH $q ORDER BY s.document_id
            """);
        var q = cmd.Parameters.Add(new SqliteParameter("$q", ""));
        foreach (var word in phrases)
        {
            var match = MatchExpression([word]);
            if (match is null) { result[word] = []; continue; }
            q.Value = match;
            var ids = new List<long>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(r.GetInt64(0));
            result[word] = ids;
        }
        return result;
    }

    public async Task<string> GetVectorStampAsync(string modelKey, CancellationToken cancellationToken)
    {
        // Every write that can change passages or vectors bumps meta.generation (SqliteIndexStore), so this is O(1).
        await using var cmd = Command("SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), '0')");
        return (string)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<string> GetTextAsync(long documentId, int start, int end, CancellationToken cancellationToken)
    {
        await using var cmd = Command("SELECT text FROM documents WHERE id = $id");
        cmd.Parameters.AddWithValue("$id", documentId);
        var text = (string?)await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Document {documentId} is not in the index.");
        return text[start..end];
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

    /// <summary>FTS5 query: every term quoted (so user text can never inject FTS syntax) and OR-ed.</summary>
    internal static string? MatchExpression(IReadOnlyCollection<string> terms)
    {
        var sb = new StringBuilder();
        foreach (var term in terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            if (sb.Length > 0) sb.Append(" OR ");
            sb.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    private SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        if (_vocabularyCommand is not null) await _vocabularyCommand.DisposeAsync().ConfigureAwait(false);
        foreach (var command in _postingsCommands)
            if (command is not null) await command.DisposeAsync().ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
