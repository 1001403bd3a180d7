using System.Globalization;
using System.Text;
using Bot.Core.Chunking;
using Bot.Core.Documents;
using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// The bot's own postings (<see cref="PostingsSearch"/>) must rank exactly as FTS5's <c>ORDER BY bm25 … LIMIT n</c> over
/// the same rows (<see cref="Fts5Reference"/>) —
/// same rows, same scores, ties by ascending id — after any sequence of writes, and a write that fails before it
/// commits must leave them as they were.
/// </summary>
public sealed class SqlitePostingsSearchTests : IDisposable
{
    private static readonly string[][] TermSets =
    [
        ["harbour", "pilots", "report", "roads"],
        ["state", "states", "harbour"],             // two terms, one stem: scored twice, as FTS5 does
        ["the", "clerk", "filed"],                   // every sentence holds "the"
        ["budget", "absentword", "pilot", "pilots"],
        ["town", "state"],
        ["Café", "north", "river"],
    ];

    private static readonly int[] Limits = [1, 7, 40, 300, 5000];

    private readonly TempFolder _folder = new();
    private readonly Chunker _chunker = new(160, 1);

    [Fact]
    public async Task Search_returns_the_rows_scores_and_order_of_fts5_bm25_ties_included()
    {
        var store = await IndexAsync(Enumerable.Range(0, 300));
        await AssertSearchMatchesFts5Async(store);
    }

    [Fact]
    public async Task Updated_moved_and_deleted_documents_leave_postings_that_still_match_fts5()
    {
        var store = await IndexAsync(Enumerable.Range(0, 120));
        var docs = await store.ListDocumentsAsync(TestTimeout.Token());

        // A batch that rewrites ten documents (one of them twice in the same transaction) and adds two new ones.
        var batch = new List<(ChunkedDocument, FileStamp)>();
        foreach (var n in Enumerable.Range(10, 10).Append(12).Concat([500, 501]))
            batch.Add((await ChunkAsync(n, variant: batch.Count), new FileStamp(2, 2)));
        await store.UpsertDocumentsAsync(batch, TestTimeout.Token());
        await AssertSearchMatchesFts5Async(store);

        foreach (var d in docs.Where(d => d.Path.EndsWith("5.txt", StringComparison.Ordinal)))
            await store.RemoveDocumentAsync(d.Id, TestTimeout.Token());
        var moved = docs.First(d => d.Path == "r030.txt");
        await store.MoveDocumentAsync(moved.Id, "r031.txt", new FileStamp(3, 3), TestTimeout.Token()); // replaces r031
        var aliased = docs.First(d => d.Path == "r040.txt");
        await store.SetAliasAsync(new StoredAlias("r040.txt", "elsewhere", 1, 1), TestTimeout.Token());
        Assert.DoesNotContain(await store.ListDocumentsAsync(TestTimeout.Token()), d => d.Id == aliased.Id);
        await AssertSearchMatchesFts5Async(store);

        // Removing everything leaves no postings at all.
        foreach (var d in await store.ListDocumentsAsync(TestTimeout.Token())) await store.RemoveDocumentAsync(d.Id, TestTimeout.Token());
        Assert.Equal(0L, await ScalarAsync(store, "SELECT count(*) FROM postings"));
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        Assert.Empty(await reader.SearchSentencesAsync(["harbour", "the"], 10, TestTimeout.Token()));
    }

    [Fact]
    public async Task A_reader_after_another_stores_write_sees_its_postings_and_paragraphs_not_those_read_before()
    {
        // The store keeps the postings and paragraphs its readers read, shared across questions (PostingsCache): a write
        // by another store on the same file (another process) must show in this store's next reader.
        var store = await IndexAsync(Enumerable.Range(0, 60));
        var paragraphs = (await store.ListDocumentsAsync(TestTimeout.Token())).Where(d => d.Path is "r005.txt" or "r006.txt" or "r020.txt")
            .SelectMany(d => new[] { (d.Id, 0), (d.Id, 1) }).ToList();
        await AssertSearchMatchesFts5Async(store);
        await AssertSearchMatchesFts5Async(store); // the second time from what the first one left shared
        await AssertParagraphsAsStoredAsync(store, paragraphs);

        var other = new SqliteIndexStore(store.DatabasePath, NullLogger<SqliteIndexStore>.Instance);
        var batch = new List<(ChunkedDocument, FileStamp)>();
        foreach (var n in Enumerable.Range(0, 12).Append(700))
            batch.Add((await ChunkAsync(n, variant: 3), new FileStamp(5, 5)));
        await other.UpsertDocumentsAsync(batch, TestTimeout.Token());
        await other.RemoveDocumentAsync((await other.ListDocumentsAsync(TestTimeout.Token())).Single(d => d.Path == "r020.txt").Id, TestTimeout.Token());

        await AssertSearchMatchesFts5Async(store);
        await AssertParagraphsAsStoredAsync(store, paragraphs);
    }

    private static async Task AssertParagraphsAsStoredAsync(SqliteIndexStore store, List<(long, int)> paragraphs)
    {
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        var read = await reader.GetParagraphSentencesAsync(paragraphs, TestTimeout.Token());
        await using var c = await OpenAsync(store);
        var stored = new List<(long, string)>();
        foreach (var (document, paragraph) in paragraphs)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, text FROM sentences WHERE document_id = $d AND paragraph = $p ORDER BY ordinal";
            cmd.Parameters.AddWithValue("$d", document);
            cmd.Parameters.AddWithValue("$p", paragraph);
            await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
            while (await r.ReadAsync(TestTimeout.Token())) stored.Add((r.GetInt64(0), r.GetString(1)));
        }
        Assert.Equal(stored, read.Select(s => (s.Id, s.Text)).ToList());
    }

    [Fact]
    public async Task Many_small_writes_are_merged_into_few_segments()
    {
        // 300 one-document transactions: 300 segments a kind unless merged.
        var store = await IndexAsync(Enumerable.Range(0, 300));
        var perLevel = await SegmentsPerLevelAsync(store);
        Assert.All(perLevel, l => Assert.True(l.Count < PostingsBatch.MergeFactor, $"kind {l.Kind} level {l.Level}: {l.Count} segments"));
        Assert.True(perLevel.Sum(l => l.Count) <= 2 * 3 * (PostingsBatch.MergeFactor - 1));
    }

    [Fact]
    public async Task A_write_that_fails_before_it_commits_leaves_the_postings_as_they_were()
    {
        var path = Path.Combine(_folder.Path, "index.db");
        var store = await IndexAsync(Enumerable.Range(0, 60));
        var before = await SnapshotAsync(store);
        // The fault point is reached after the postings were written, inside the transaction.
        var failing = new SqliteIndexStore(path, NullLogger<SqliteIndexStore>.Instance, new FailingFaultPoints(IndexFaultPoint.InUpsert, 1));
        var batch = new List<(ChunkedDocument, FileStamp)> { (await ChunkAsync(3, variant: 7), new FileStamp(5, 5)), (await ChunkAsync(900, 0), new FileStamp(5, 5)) };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.UpsertDocumentsAsync(batch, TestTimeout.Token()));
        Assert.Equal(FailingFaultPoints.Message, e.Message);

        Assert.Equal(before, await SnapshotAsync(store));
        await AssertSearchMatchesFts5Async(store);

        // The failed write's store writes again with the batch it reuses: nothing of the failed write comes back.
        await failing.UpsertDocumentsAsync([(await ChunkAsync(5, variant: 2), new FileStamp(6, 6))], TestTimeout.Token());
        await AssertSearchMatchesFts5Async(failing);
    }

    [Fact]
    public async Task A_version_5_index_loses_its_fts5_tables_and_gets_its_postings_from_the_stored_rows()
    {
        var store = await IndexAsync(Enumerable.Range(0, 80));
        await using (var c = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            // What v5 held: external-content FTS5 tables over the rows (filled), no postings.
            await c.OpenAsync(TestTimeout.Token());
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                DROP TABLE postings; DROP TABLE postings_segments; DROP TABLE postings_totals;
                CREATE VIEW passages_fts_source(id, title, text) AS
                    SELECT p.id, d.title, p.text FROM passages p JOIN documents d ON d.id = p.document_id;
                CREATE VIRTUAL TABLE passages_fts USING fts5(title, text, content = 'passages_fts_source', content_rowid = 'id',
                    tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content = 'sentences', content_rowid = 'id',
                    tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');
                CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
                INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');
                INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
                UPDATE meta SET value = '5' WHERE key = 'schema_version';
                """;
            await cmd.ExecuteNonQueryAsync(TestTimeout.Token());
        }
        var reopened = new SqliteIndexStore(store.DatabasePath, NullLogger<SqliteIndexStore>.Instance);
        Assert.False(await reopened.InitializeAsync(TestTimeout.Token()));
        Assert.Equal(80, (await reopened.ListDocumentsAsync(TestTimeout.Token())).Count);
        Assert.Equal(SqliteIndexStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await StringScalarAsync(reopened, "SELECT value FROM meta WHERE key = 'schema_version'"));
        Assert.Equal(0L, await ScalarAsync(reopened, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%fts%' OR name LIKE '%vocab%'"));
        await AssertSearchMatchesFts5Async(reopened);

        // And it is written to as any index: a rewrite and a removal keep it matching.
        await reopened.UpsertDocumentAsync(await ChunkAsync(7, variant: 3), new FileStamp(4, 4), TestTimeout.Token());
        await reopened.RemoveDocumentAsync((await reopened.ListDocumentsAsync(TestTimeout.Token())).First(d => d.Path == "r011.txt").Id, TestTimeout.Token());
        await AssertSearchMatchesFts5Async(reopened);
    }

    [Fact]
    public void The_cached_tokenizer_yields_what_the_uncached_one_does()
    {
        const string text = "The States' harbour-pilots, Café 1974 (U.S.) ŝtate naïve Ⅻ x²  stated states";
        for (int round = 0; round < 2; round++) // the second round is answered from the cache
        {
            var cached = new List<string>();
            Fts5Bm25.CachedTerms(text, cached.Add);
            Assert.Equal(Fts5Bm25.Terms(text), cached);
        }
    }

    [Fact]
    public async Task Postings_of_unicode_text_and_punctuation_runs_hold_the_terms_the_reference_tokenizer_gives()
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        Directory.CreateDirectory(seeds);
        var file = Path.Combine(seeds, "unicode.txt");
        // Token runs that start and end at the text's ends, non-ASCII letters, digits, letter numbers, private use,
        // combining marks, symbols, surrogate pairs and long runs of ASCII punctuation and spaces between them.
        await File.WriteAllTextAsync(file, "Café² naïve\n\nŜtate 1974 (U.S.) Ⅻ x\uE000y e\u0301te 東京 🚢 harbour-pilots... !!! ---   ''x''\n\n" +
            "ÀÉÎ, ß; déjà-vu: ½ ¼ 𝔘𝔫𝔦 state's ===== tail42");
        var doc = await DocumentLoader.LoadAsync(file, "unicode.txt", 1 << 20, TestTimeout.Token());
        var store = new SqliteIndexStore(Path.Combine(_folder.Path, "index.db"), NullLogger<SqliteIndexStore>.Instance);
        await store.InitializeAsync(TestTimeout.Token());
        await store.UpsertDocumentAsync(_chunker.Chunk(doc), new FileStamp(1, 1), TestTimeout.Token());

        // The verifier recounts every term's rows, every row's length and the totals with Fts5Bm25's own tokenizer.
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        Assert.True(await ScalarAsync(store, "SELECT tokens FROM postings_totals WHERE kind = 0") > 20);
    }

    [Fact]
    public async Task A_term_fts5_reads_as_a_phrase_is_ranked_as_fts5_ranks_the_phrase()
    {
        var store = await IndexAsync(Enumerable.Range(0, 40));
        Assert.Null(SqliteIndexReader.Stems(["harbour", "u.s."]));
        Assert.Equal(["harbour", "pilot"], SqliteIndexReader.Stems(["harbour", "pilots", " ", "harbour"]));
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        await using var c = await OpenAsync(store);
        // A phrase in every sentence, one in a few, one whose words are often near but rarely next to each other, one
        // in titles ("Report 4 harbour"), one that occurs nowhere, and a term of no token at all.
        string[][] sets = [["clerk number", "harbour"], ["state budget", "the"], ["north river", "pilots"], ["pilot said", "report"],
            ["4 harbour", "note"], ["river clerk", "town"], ["—", "harbour"]];
        foreach (var terms in sets)
            foreach (var limit in new[] { 1, 7, 40, 300 })
            {
                var expected = await Fts5RowsAsync(c, "sentences_fts", "-bm25(sentences_fts)", terms, limit);
                Assert.Equal(expected, (await reader.SearchSentencesAsync(terms, limit, TestTimeout.Token())).Select(h => (h.Sentence.Id, h.Score)).ToList());
                var expectedPassages = await Fts5RowsAsync(c, "passages_fts", "-bm25(passages_fts, 0.3, 1.0)", terms, limit);
                Assert.Equal(expectedPassages, (await reader.SearchPassagesAsync(terms, limit, TestTimeout.Token())).Select(h => (h.PassageId, h.Score)).ToList());
            }
        await AssertWordDocumentsMatchFts5Async(reader, c, sets);
    }

    private static async Task AssertSearchMatchesFts5Async(SqliteIndexStore store)
    {
        Assert.Empty(await store.VerifyAsync(TestTimeout.Token()));
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        await using var c = await OpenAsync(store);
        foreach (var terms in TermSets)
            foreach (var limit in Limits)
            {
                var sentences = await reader.SearchSentencesAsync(terms, limit, TestTimeout.Token());
                var expected = await Fts5RowsAsync(c, "sentences_fts", "-bm25(sentences_fts)", terms, limit);
                Assert.Equal(expected, sentences.Select(h => (h.Sentence.Id, h.Score)).ToList());
                var passages = await reader.SearchPassagesAsync(terms, limit, TestTimeout.Token());
                var expectedPassages = await Fts5RowsAsync(c, "passages_fts", "-bm25(passages_fts, 0.3, 1.0)", terms, limit);
                Assert.Equal(expectedPassages, passages.Select(h => (h.PassageId, h.Score)).ToList());
            }
        await AssertWordDocumentsMatchFts5Async(reader, c, TermSets);
    }

    /// <summary>Each word's documents are those whose sentences FTS5 matches for it.</summary>
    private static async Task AssertWordDocumentsMatchFts5Async(IIndexReader reader, SqliteConnection c, IEnumerable<string[]> sets)
    {
        var words = sets.SelectMany(t => t).Distinct().ToList();
        var documents = await reader.GetWordDocumentsAsync(words, TestTimeout.Token());
        foreach (var word in words)
            Assert.Equal(await Fts5DocumentsAsync(c, word), documents[word]);
    }

    private static async Task<List<long>> Fts5DocumentsAsync(SqliteConnection c, string word)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT DISTINCT s.document_id FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
            WHERE sentences_fts MATCH $q ORDER BY s.document_id
            """;
        cmd.Parameters.AddWithValue("$q", Fts5Reference.MatchExpression([word]));
        var ids = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
        while (await r.ReadAsync(TestTimeout.Token())) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>What the search replaced: FTS5 ranking every row that matches any of the terms.</summary>
    private static Task<List<(long, double)>> Fts5RowsAsync(SqliteConnection c, string table, string score, string[] terms, int limit) =>
        Fts5Reference.RowsAsync(c, $"SELECT rowid, {score} FROM {table} WHERE {table} MATCH $q ORDER BY {score.TrimStart('-')} LIMIT $n",
            Fts5Reference.MatchExpression(terms), limit);

    private async Task<SqliteIndexStore> IndexAsync(IEnumerable<int> documents)
    {
        var store = new SqliteIndexStore(Path.Combine(_folder.Path, "index.db"), NullLogger<SqliteIndexStore>.Instance);
        await store.InitializeAsync(TestTimeout.Token());
        foreach (var d in documents)
            await store.UpsertDocumentAsync(await ChunkAsync(d, 0), new FileStamp(1, 1), TestTimeout.Token());
        return store;
    }

    /// <summary>Report <paramref name="d"/>: ten sentences of repeated words (many exact ties), titled by its number.</summary>
    private async Task<ChunkedDocument> ChunkAsync(int d, int variant)
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        Directory.CreateDirectory(seeds);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Report {d} {(d % 4 == 0 ? "harbour" : "north")}\n\n");
        for (int s = 0; s < 10; s++)
        {
            int n = d * 10 + s + variant * 7;
            sb.Append(CultureInfo.InvariantCulture, $"The {(n % 3 == 0 ? "state" : "town")} clerk number {n % 50} filed a note");
            if (n % 21 == 0) sb.Append(" about the state budget and the state roads");
            if (n % 17 == 0) sb.Append(" beside the north river café");
            if (n % 97 == 0) sb.Append(" near the harbour");
            if (n % 131 == 0) sb.Append(" for the pilots of the harbour, the pilot said");
            if (n % 50 == 0) sb.Append(" and a report of the States");
            sb.Append(". ");
            if (s == 4) sb.Append("\n\n");
        }
        var file = Path.Combine(seeds, $"r{d:D3}.txt");
        await File.WriteAllTextAsync(file, sb.ToString());
        var doc = await DocumentLoader.LoadAsync(file, Path.GetFileName(file), 1 << 20, TestTimeout.Token());
        return _chunker.Chunk(doc);
    }

    /// <summary>The index with FTS5 over its rows beside it (<see cref="Fts5Reference"/>).</summary>
    private static Task<SqliteConnection> OpenAsync(SqliteIndexStore store) => Fts5Reference.OpenAsync(store.DatabasePath);

    private static async Task<SqliteConnection> OpenReadOnlyAsync(SqliteIndexStore store)
    {
        var c = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False;Mode=ReadOnly");
        await c.OpenAsync(TestTimeout.Token());
        return c;
    }

    private static async Task<long> ScalarAsync(SqliteIndexStore store, string sql)
    {
        await using var c = await OpenReadOnlyAsync(store);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync(TestTimeout.Token()))!;
    }

    private static async Task<string> StringScalarAsync(SqliteIndexStore store, string sql)
    {
        await using var c = await OpenReadOnlyAsync(store);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (string)(await cmd.ExecuteScalarAsync(TestTimeout.Token()))!;
    }

    private static async Task<string> SnapshotAsync(SqliteIndexStore store)
    {
        await using var c = await OpenReadOnlyAsync(store);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT kind, first, segment, hex(blob) FROM postings UNION ALL SELECT kind, rows, tokens, '' FROM postings_totals ORDER BY 1, 2, 3";
        var sb = new StringBuilder();
        await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
        while (await r.ReadAsync(TestTimeout.Token()))
            sb.Append(r.GetInt64(0)).Append(' ').Append(r.GetValue(1)).Append(' ').Append(r.GetInt64(2)).Append(' ').Append(r.GetString(3)).Append('\n');
        return sb.ToString();
    }

    private static async Task<List<(int Kind, int Level, int Count)>> SegmentsPerLevelAsync(SqliteIndexStore store)
    {
        await using var c = await OpenReadOnlyAsync(store);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT kind, rows FROM postings_segments";
        var segments = new List<(int Kind, long Rows)>();
        await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
        while (await r.ReadAsync(TestTimeout.Token())) segments.Add((r.GetInt32(0), r.GetInt64(1)));
        return segments.GroupBy(s => (s.Kind, Level: PostingsBatch.Level(s.Rows))).Select(g => (g.Key.Kind, g.Key.Level, g.Count())).ToList();
    }

    public void Dispose() => _folder.Dispose();
}
