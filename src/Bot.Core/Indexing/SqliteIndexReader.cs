using System.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Indexing;

/// <summary>Reads inside one deferred transaction: WAL gives this reader a stable snapshot.</summary>
internal sealed class SqliteIndexReader(SqliteConnection connection, SqliteTransaction transaction) : IIndexReader
{
    private const string PassageColumns = """
        p.id, p.document_id, d.path, d.title, d.url, p.paragraph, p.start, p."end", p.first_sentence, p.last_sentence, p.text, d.metadata
        """;

    public async Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var match = MatchExpression(terms);
        if (match is null) return [];
        await using var cmd = Command($"""
            SELECT {PassageColumns}, -bm25(passages_fts, 0.3, 1.0) AS score
            FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN documents d ON d.id = p.document_id
            WHERE passages_fts MATCH $q ORDER BY bm25(passages_fts, 0.3, 1.0) LIMIT $n
            """);
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$n", limit);
        return await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false);
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
        var match = MatchExpression(terms);
        if (match is null) return [];
        await using var cmd = Command("""
            SELECT s.id, s.document_id, d.path, d.title, d.url, s.paragraph, s.ordinal, s.start, s."end", s.text, d.metadata, -bm25(sentences_fts)
            FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid JOIN documents d ON d.id = s.document_id
            WHERE sentences_fts MATCH $q ORDER BY bm25(sentences_fts) LIMIT $n
            """);
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$n", limit);
        var list = new List<(SentenceRow, double)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add((IndexRows.ReadSentence(r), r.GetDouble(11)));
        return list;
    }

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
        await using (var cmd = Command("SELECT doc FROM sentences_vocab WHERE term = $t"))
        {
            var t = cmd.Parameters.Add(new SqliteParameter("$t", ""));
            foreach (var stem in stems.Distinct())
            {
                t.Value = stem;
                var v = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                freq[stem] = v is long l ? (int)l : 0;
            }
        }
        await using var count = Command("SELECT count(*) FROM sentences");
        var n = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
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
        // MATCH the word itself: FTS5's porter tokenizer stems it exactly as it stemmed the indexed sentences.
        var result = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        await using var cmd = Command("""
            SELECT DISTINCT s.document_id FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid
            WHERE sentences_fts MATCH $q ORDER BY s.document_id
            """);
        var q = cmd.Parameters.Add(new SqliteParameter("$q", ""));
        foreach (var word in words.Distinct(StringComparer.Ordinal))
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
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
