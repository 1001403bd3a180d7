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
/// Search over many sentences, against FTS5 over the same rows (<see cref="Fts5Reference"/>). With a phrase among the
/// terms, a term held by more than <see cref="SqliteIndexReader.CommonTermSentences"/> sentences is left out of the
/// match (its rows are not visited) but still scored on the rows the rarer terms found, as FTS5's bm25 would score it.
/// </summary>
public sealed class SqliteCommonTermSearchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_common_term_is_scored_as_fts5_scores_it_without_matching_its_rows()
    {
        var store = await IndexAsync();
        string[] terms = ["state", "harbour", "pilots"];
        await AssertScoredAsFts5ScoresAsync(store, terms);
    }

    [Fact]
    public async Task With_a_phrase_a_common_term_is_scored_as_fts5_scores_it_without_matching_its_rows()
    {
        var store = await IndexAsync();
        // "state" is in a third of the 4,000 sentences: common. "state budget" is a phrase (two tokens).
        string[] terms = ["state", "harbour", "state budget"];
        Assert.Null(SqliteIndexReader.Stems(terms));
        await AssertScoredAsFts5ScoresAsync(store, terms);
    }

    /// <summary>The top five sentences and passages for <paramref name="terms"/> carry FTS5's bm25 scores of the same rows.</summary>
    private static async Task AssertScoredAsFts5ScoresAsync(SqliteIndexStore store, string[] terms)
    {
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        await using var c = await Fts5Reference.OpenAsync(store.DatabasePath);

        var sentences = await reader.SearchSentencesAsync(terms, 5, TestTimeout.Token());
        var all = await Bm25Async(c, "sentences_fts", "-bm25(sentences_fts)", terms);
        Assert.Equal(all.Values.OrderDescending().Take(5), sentences.Select(s => s.Score), new ScoreComparer());
        Assert.All(sentences, s => Assert.Equal(all[s.Sentence.Id], s.Score, 9));

        var passages = await reader.SearchPassagesAsync(terms, 5, TestTimeout.Token());
        var allPassages = await Bm25Async(c, "passages_fts", "-bm25(passages_fts, 0.3, 1.0)", terms);
        Assert.Equal(allPassages.Values.OrderDescending().Take(5), passages.Select(p => p.Score), new ScoreComparer());
        Assert.All(passages, p => Assert.Equal(allPassages[p.PassageId], p.Score, 9));
    }

    [Fact]
    public async Task A_question_of_common_terms_only_matches_the_rarest_of_them()
    {
        var store = await IndexAsync();
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        var hits = await reader.SearchSentencesAsync(["town", "state"], 3, TestTimeout.Token());
        Assert.Equal(3, hits.Count);
        Assert.All(hits, h => Assert.Contains("state", h.Sentence.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_returns_the_rows_and_order_of_the_fts5_query_joined_to_its_content_ties_included()
    {
        // The reader ranks on its postings and fetches the winners' rows by id; this is the single joined FTS5
        // statement it replaced. Many sentences here tie (same words, same length): their order must be the same too.
        var store = await IndexAsync();
        string[] terms = ["harbour", "pilots", "report", "roads"];
        await using var reader = await store.OpenReaderAsync(TestTimeout.Token());
        await using var c = await Fts5Reference.OpenAsync(store.DatabasePath);
        var match = Fts5Reference.MatchExpression(terms);
        foreach (var limit in new[] { 7, 40, 300 })
        {
            var sentences = await reader.SearchSentencesAsync(terms, limit, TestTimeout.Token());
            var joined = await Fts5Reference.RowsAsync(c, """
                SELECT s.id, -bm25(sentences_fts) FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid JOIN documents d ON d.id = s.document_id
                WHERE sentences_fts MATCH $q ORDER BY bm25(sentences_fts) LIMIT $n
                """, match, limit);
            Assert.Equal(joined, sentences.Select(h => (h.Sentence.Id, h.Score)).ToList());
            Assert.Contains(joined.Zip(joined.Skip(1)), p => p.First.Item2 == p.Second.Item2);

            var passages = await reader.SearchPassagesAsync(terms, limit, TestTimeout.Token());
            var joinedPassages = await Fts5Reference.RowsAsync(c, """
                SELECT p.id, -bm25(passages_fts, 0.3, 1.0) FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN documents d ON d.id = p.document_id
                WHERE passages_fts MATCH $q ORDER BY bm25(passages_fts, 0.3, 1.0) LIMIT $n
                """, match, limit);
            Assert.Equal(joinedPassages, passages.Select(h => (h.PassageId, h.Score)).ToList());
        }
    }

    [Fact]
    public void The_tokenizer_copy_yields_the_terms_fts5_stores()
    {
        Assert.Equal(["the", "state", "harbour", "pilot", "cafe", "1974", "u", "s"], Fts5Bm25.Terms("The States' harbour-pilots, Café 1974 (U.S.)"));
    }

    private async Task<SqliteIndexStore> IndexAsync()
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        Directory.CreateDirectory(seeds);
        var store = new SqliteIndexStore(Path.Combine(_folder.Path, "index.db"), NullLogger<SqliteIndexStore>.Instance);
        await store.InitializeAsync(TestTimeout.Token());
        var chunker = new Chunker(160, 1);
        // 4,000 sentences, a third of them name the state (some three times); a few name the harbour or its pilots.
        for (int d = 0; d < 400; d++)
        {
            var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Report {d}\n\n");
            for (int s = 0; s < 10; s++)
            {
                int n = d * 10 + s;
                sb.Append(CultureInfo.InvariantCulture, $"The {(n % 3 == 0 ? "state" : "town")} clerk number {n} filed a note");
                if (n % 21 == 0) sb.Append(" about the state budget and the state roads");
                if (n % 97 == 0) sb.Append(" near the harbour");
                if (n % 131 == 0) sb.Append(" for the pilots of the harbour");
                if (n % 50 == 0) sb.Append(" and a report");
                sb.Append(". ");
            }
            var file = Path.Combine(seeds, $"r{d:D3}.txt");
            await File.WriteAllTextAsync(file, sb.ToString());
            var doc = await DocumentLoader.LoadAsync(file, Path.GetFileName(file), 1 << 20, TestTimeout.Token());
            await store.UpsertDocumentAsync(chunker.Chunk(doc), new FileStamp(1, 1), TestTimeout.Token());
        }
        return store;
    }

    /// <summary>FTS5's own ranking with every term in the MATCH: what the search must reproduce.</summary>
    private static async Task<Dictionary<long, double>> Bm25Async(SqliteConnection c, string table, string score, string[] terms)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT rowid, {score} FROM {table} WHERE {table} MATCH $q";
        cmd.Parameters.AddWithValue("$q", Fts5Reference.MatchExpression(terms));
        var scores = new Dictionary<long, double>();
        await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
        while (await r.ReadAsync(TestTimeout.Token())) scores[r.GetInt64(0)] = r.GetDouble(1);
        return scores;
    }

    private sealed class ScoreComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }

    public void Dispose() => _folder.Dispose();
}
