using System.Globalization;
using Bot.Core.Search;
using Bot.Core.Text;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Core.Indexing.Postgres;

/// <summary>Reads inside one REPEATABLE READ, READ ONLY transaction: every query sees the same snapshot.</summary>
internal sealed class PostgresIndexReader(NpgsqlConnection connection, NpgsqlTransaction transaction) : IIndexReader
{
    private const string PassageColumns = """
        p.id, p.document_id, d.path, d.title, d.url, p.paragraph, p.start, p."end", p.first_sentence, p.last_sentence, p.text, d.metadata
        """;

    private const string SentenceColumns = """
        s.id, s.document_id, d.path, d.title, d.url, s.paragraph, s.ordinal, s.start, s."end", s.text, d.metadata
        """;

    // ts_rank_cd weights {D, C, B, A}: passages carry their document's title as D (0.3, as the SQLite store weighs the
    // title column) and their text as A; sentences are unweighted (D) and count fully.
    private static readonly float[] PassageWeights = [0.3f, 1f, 1f, 1f];
    private static readonly float[] SentenceWeights = [1f, 1f, 1f, 1f];

    /// <summary>
    /// A BM25 approximation over a table with <c>tsv</c> and <c>length</c> columns, best first, as (id, score):
    /// idf as FTS5 computes it (ln((N - df + 0.5) / (df + 0.5)), at least 1e-6) from the number of rows matching each
    /// term (GIN index) — the learned abstainer reads raw sentence scores, so they keep FTS5's scale — the term frequency from ts_rank_cd of that term alone
    /// (its weighted number of occurrences; for a phrase, of phrase occurrences), k1 = 1.2, b = 0.75, as FTS5's bm25().
    /// Terms are OR-ed; each is a phrase (phraseto_tsquery), so user text never becomes tsquery syntax. N and the average
    /// length come from <c>row_stats</c> (kept by triggers), not from a scan of the table.
    /// </summary>
    private static string Bm25(string table) => $"""
        WITH terms AS (
            SELECT DISTINCT phraseto_tsquery('english', t.term) AS q FROM unnest(@terms) AS t(term)
        ),
        stats AS (SELECT rows::float8 AS n, greatest(length_sum::float8 / nullif(rows, 0), 1)::float8 AS avgdl FROM row_stats WHERE name = '{table}'),
        w AS (
            SELECT terms.q, greatest(ln((stats.n - df.n + 0.5) / (df.n + 0.5)), 1e-6) AS idf
            FROM terms CROSS JOIN stats
            CROSS JOIN LATERAL (SELECT count(*)::float8 AS n FROM {table} x WHERE x.tsv @@ terms.q) df
            WHERE numnode(terms.q) > 0
        ),
        scored AS (
            SELECT x.id, sum(w.idf * (r.tf * 2.2) / (r.tf + 1.2 * (0.25 + 0.75 * x.length / stats.avgdl))) AS score
            FROM w CROSS JOIN stats JOIN {table} x ON x.tsv @@ w.q
            CROSS JOIN LATERAL (SELECT ts_rank_cd(@weights, x.tsv, w.q, 0)::float8 AS tf) r
            GROUP BY x.id
            ORDER BY score DESC, x.id
            LIMIT @n
        )
        """;

    public async Task<IReadOnlyList<PassageHit>> SearchPassagesAsync(IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var queryTerms = Terms(terms);
        if (queryTerms.Length == 0) return [];
        await using var cmd = Command($"""
            {Bm25("passages")}
            SELECT {PassageColumns}, scored.score
            FROM scored JOIN passages p ON p.id = scored.id JOIN documents d ON d.id = p.document_id
            ORDER BY scored.score DESC, p.id
            """);
        AddSearchParameters(cmd, queryTerms, PassageWeights, limit);
        return await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PassageHit>> GetPassagesAsync(IReadOnlyCollection<long> passageIds, CancellationToken cancellationToken)
    {
        if (passageIds.Count == 0) return [];
        await using var cmd = Command($"""
            SELECT {PassageColumns}, 0.0::float8 FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ANY(@ids)
            """);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = passageIds.ToArray() });
        var byId = (await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.PassageId);
        return passageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    public async Task<IReadOnlyList<PassageHit>> GetParagraphPassagesAsync(
        IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs, CancellationToken cancellationToken)
    {
        if (paragraphs.Count == 0) return [];
        await using var cmd = ParagraphsCommand($"{PassageColumns}, 0.0::float8", "passages", "p", paragraphs);
        return await IndexRows.ReadPassagesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One query for rows of all the given paragraphs, in the order asked, each paragraph's rows in document order.</summary>
    private NpgsqlCommand ParagraphsCommand(string columns, string table, string alias, IReadOnlyCollection<(long DocumentId, int Paragraph)> paragraphs)
    {
        var keys = paragraphs.Distinct().ToList();
        var cmd = Command($"""
            SELECT {columns}
            FROM unnest(@docs, @paras) WITH ORDINALITY AS k(document_id, paragraph, i)
            JOIN {table} {alias} ON {alias}.document_id = k.document_id AND {alias}.paragraph = k.paragraph
            JOIN documents d ON d.id = {alias}.document_id
            ORDER BY k.i, {alias}.ordinal
            """);
        cmd.Parameters.Add(new NpgsqlParameter("docs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys.Select(k => k.DocumentId).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("paras", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = keys.Select(k => k.Paragraph).ToArray() });
        return cmd;
    }

    public async Task<IReadOnlyList<(SentenceRow Sentence, double Score)>> SearchSentencesAsync(
        IReadOnlyCollection<string> terms, int limit, CancellationToken cancellationToken)
    {
        var queryTerms = Terms(terms);
        if (queryTerms.Length == 0) return [];
        await using var cmd = Command($"""
            {Bm25("sentences")}
            SELECT {SentenceColumns}, scored.score
            FROM scored JOIN sentences s ON s.id = scored.id JOIN documents d ON d.id = s.document_id
            ORDER BY scored.score DESC, s.id
            """);
        AddSearchParameters(cmd, queryTerms, SentenceWeights, limit);
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
        await using var cmd = ParagraphsCommand(SentenceColumns, "sentences", "s", paragraphs);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(IndexRows.ReadSentence(r));
        return list;
    }

    public async Task<(IReadOnlyDictionary<string, int> Frequencies, int SentenceCount)> GetSentenceFrequenciesAsync(
        IReadOnlyCollection<string> stems, CancellationToken cancellationToken)
    {
        var wanted = stems.Distinct(StringComparer.Ordinal).ToArray();
        var freq = wanted.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        await using (var cmd = Command("SELECT stem, sum(sentences)::int FROM sentence_stems WHERE stem = ANY(@stems) GROUP BY stem"))
        {
            cmd.Parameters.Add(new NpgsqlParameter("stems", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = wanted });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) freq[r.GetString(0)] = r.GetInt32(1);
        }
        await using var count = Command("SELECT rows FROM row_stats WHERE name = 'sentences'");
        var n = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return (freq, (int)n);
    }

    public async Task<IReadOnlyList<(string Stem, int Sentences)>> ListStemsAsync(string prefix, int minLength, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        // The stem column is COLLATE "C" (code-point order), so the prefix is a range its index answers.
        await using var cmd = Command("SELECT stem, sum(sentences)::int FROM sentence_stems WHERE stem >= @lo AND stem < @hi AND length(stem) BETWEEN @a AND @b GROUP BY stem");
        cmd.Parameters.AddWithValue("lo", prefix);
        cmd.Parameters.AddWithValue("hi", prefix + char.MaxValue);
        cmd.Parameters.AddWithValue("a", minLength);
        cmd.Parameters.AddWithValue("b", maxLength);
        var list = new List<(string, int)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add((r.GetString(0), r.GetInt32(1)));
        return list;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<long>>> GetWordDocumentsAsync(
        IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        // sentence_stems is keyed by the Porter stem of each word's normal form (PostgresIndexStore.SentenceStemCounts).
        var stemOf = words.Distinct(StringComparer.Ordinal).ToDictionary(w => w, PorterStemmer.Stem, StringComparer.Ordinal);
        var byStem = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await using (var cmd = Command("SELECT stem, document_id FROM sentence_stems WHERE stem = ANY(@stems) ORDER BY document_id"))
        {
            cmd.Parameters.Add(new NpgsqlParameter("stems", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = stemOf.Values.Distinct(StringComparer.Ordinal).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stem = r.GetString(0);
                if (!byStem.TryGetValue(stem, out var list)) byStem[stem] = list = [];
                list.Add(r.GetInt64(1));
            }
        }
        return stemOf.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)(byStem.TryGetValue(kv.Value, out var l) ? l : []), StringComparer.Ordinal);
    }

    public async Task<string> GetVectorStampAsync(string modelKey, CancellationToken cancellationToken)
    {
        // Identity ids are never reused here, but the stamp keeps the SQLite store's shape: vector count, passage
        // count and ids, and the last document write.
        await using var cmd = Command("""
            SELECT (SELECT count(*) FROM passage_vectors WHERE model_key = @k), count(*), coalesce(max(id), 0), coalesce(sum(id), 0),
                   (SELECT coalesce(to_char(max(indexed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '') FROM documents)
            FROM passages
            """);
        cmd.Parameters.AddWithValue("k", modelKey);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        return string.Join(':', Enumerable.Range(0, 5).Select(i => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)));
    }

    public async Task<string> GetTextAsync(long documentId, int start, int end, CancellationToken cancellationToken) =>
        // Offsets are UTF-16 (as .NET indexes strings), not PostgreSQL's code points: cut here, not with substr().
        (await GetDocumentTextAsync(documentId, cancellationToken).ConfigureAwait(false))[start..end];

    public async Task<string> GetDocumentTextAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var cmd = Command("SELECT text FROM documents WHERE id = @id");
        cmd.Parameters.AddWithValue("id", documentId);
        var text = (string?)await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Document {documentId} is not in the index.");
        return text;
    }

    public async Task<Documents.DocumentGenre> GetDocumentGenreAsync(long documentId, CancellationToken cancellationToken)
    {
        // The text is read only for a row without a genre: one a v3 shard wrote during a rolling upgrade.
        await using var cmd = Command("SELECT genre, CASE WHEN genre IS NULL THEN text END FROM documents WHERE id = @id");
        cmd.Parameters.AddWithValue("id", documentId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException($"Document {documentId} is not in the index.");
        return r.IsDBNull(0) ? Documents.GenreDetector.Detect(r.GetString(1)) : (Documents.DocumentGenre)r.GetInt16(0);
    }

    public async Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string modelKey, CancellationToken cancellationToken)
    {
        await using var cmd = Command("""
            SELECT p.id, v.vector FROM passages p JOIN passage_vectors v ON v.model_key = @k AND v.passage_hash = p.hash ORDER BY p.id
            """);
        cmd.Parameters.AddWithValue("k", modelKey);
        var list = new List<PassageVector>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            list.Add(new PassageVector(r.GetInt64(0), r.GetFieldValue<byte[]>(1)));
        return list;
    }

    public async Task<IReadOnlyList<byte[]?>> GetSentenceVectorsAsync(string modelKey, IReadOnlyList<SentenceRow> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) return [];
        await using var cmd = Command("""
            SELECT s.id, v.vector FROM sentences s JOIN sentence_vectors v ON v.model_key = @k AND v.sentence_hash = s.hash
            WHERE s.id = ANY(@ids)
            """);
        cmd.Parameters.AddWithValue("k", modelKey);
        cmd.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sentences.Select(x => x.Id).Distinct().ToArray() });
        var byId = new Dictionary<long, byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) byId[r.GetInt64(0)] = r.GetFieldValue<byte[]>(1);
        return sentences.Select(x => byId.GetValueOrDefault(x.Id)).ToList();
    }

    private static string[] Terms(IReadOnlyCollection<string> terms) =>
        terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToArray();

    private static void AddSearchParameters(NpgsqlCommand cmd, string[] terms, float[] weights, int limit)
    {
        cmd.Parameters.Add(new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = terms });
        cmd.Parameters.Add(new NpgsqlParameter("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = weights });
        cmd.Parameters.AddWithValue("n", limit);
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync().ConfigureAwait(false); // rolls back the read-only transaction
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
