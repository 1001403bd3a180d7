using Bot.Core.Chunking;
using Bot.Core.Search.Vectors;
using Npgsql;
using static Bot.Core.Indexing.Postgres.PostgresCommands;

namespace Bot.Core.Indexing.Postgres;

/// <summary>
/// The PostgreSQL index's passage and sentence vectors, keyed by model and content hash: what still needs one (hashing
/// first what v2 shards left unhashed), adding batches, pruning those of other models or of texts no longer indexed.
/// </summary>
internal sealed class PostgresVectorStore(Func<CancellationToken, ValueTask<NpgsqlConnection>> open, IIndexFaultPoints faults) : IIndexVectorStore
{
    public Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT p.hash, min(p.text) FROM passages p
            WHERE p.hash > @after AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_key = @k AND v.passage_hash = p.hash)
            GROUP BY p.hash ORDER BY p.hash LIMIT @n
            """, modelKey, afterHash, limit, cancellationToken);

    // hash > '' also skips a sentence without a hash (one a v2 shard wrote that the pass below missed): it must never
    // share one vector with others.
    public async Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        // The first page of an embedding pass first hashes what v2 shards wrote, so those sentences get vectors too.
        if (afterHash is null) await HashUnhashedSentencesAsync(cancellationToken).ConfigureAwait(false);
        return await ListWithoutVectorsAsync("""
            SELECT s.hash, min(s.text) FROM sentences s
            WHERE s.hash > @after AND NOT EXISTS (SELECT 1 FROM sentence_vectors v WHERE v.model_key = @k AND v.sentence_hash = s.hash)
            GROUP BY s.hash ORDER BY s.hash LIMIT @n
            """, modelKey, afterHash, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives sentences stored without a hash (by a v2 bot during a rolling upgrade: the column's default is '') the hash
    /// the chunker gives them, computed here with <see cref="ContentHash.Of"/> so it matches exactly and needs no sha256()
    /// on the server. Finds them through the hash index; a no-op once every shard runs v3.
    /// </summary>
    internal async Task<int> HashUnhashedSentencesAsync(CancellationToken cancellationToken)
    {
        const int Batch = 1000;
        int total = 0;
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var ids = new List<long>();
            var hashes = new List<string>();
            await using (var cmd = new NpgsqlCommand("SELECT id, text FROM sentences WHERE hash = '' ORDER BY id LIMIT @n", c))
            {
                cmd.Parameters.AddWithValue("n", Batch);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(r.GetInt64(0));
                    hashes.Add(ContentHash.Of(r.GetString(1)));
                }
            }

            if (ids.Count == 0) return total;
            // "AND s.hash = ''": a row re-written meanwhile keeps the hash its writer gave it.
            await ExecAsync(c, null, "UPDATE sentences s SET hash = t.h FROM unnest(@id, @h) AS t(id, h) WHERE s.id = t.id AND s.hash = ''",
                cancellationToken, ("id", ids.ToArray()), ("h", hashes.ToArray())).ConfigureAwait(false);
            total += ids.Count;
            if (ids.Count < Batch) return total;
        }
    }

    private async Task<IReadOnlyList<PendingPassage>> ListWithoutVectorsAsync(string sql, string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, sql, ("k", modelKey), ("after", afterHash ?? ""), ("n", limit));
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadPending, cancellationToken).ConfigureAwait(false);
    }

    public Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) =>
        InsertVectorsAsync(batch, "passage_vectors", "passage_hash", cancellationToken);

    public Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken) =>
        InsertVectorsAsync(batch, "sentence_vectors", "sentence_hash", cancellationToken);

    // Passage and sentence vectors are stored alike, keyed by model and content hash; table and column are constants.
    // Never under the empty hash: every sentence a v2 shard left unhashed would share that one vector.
    private async Task InsertVectorsAsync(VectorBatch batch, string table, string hashColumn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, $"""
            INSERT INTO {table}(model_key, {hashColumn}, encoding, vector)
            SELECT @k, t.h, @e, t.v FROM unnest(@h, @v) AS t(h, v) WHERE t.h <> ''
            ON CONFLICT (model_key, {hashColumn}) DO UPDATE SET encoding = excluded.encoding, vector = excluded.vector
            """, cancellationToken, ("k", batch.ModelKey), ("e", (int)batch.Encoding),
            ("h", batch.Vectors.Select(v => v.PassageHash).ToArray()), ("v", batch.Vectors.Select(v => v.Blob).ToArray())).ConfigureAwait(false);
        faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task<int> CopyPassageVectorsToSentencesAsync(string modelKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            INSERT INTO sentence_vectors(model_key, sentence_hash, encoding, vector)
            SELECT v.model_key, v.passage_hash, v.encoding, v.vector FROM passage_vectors v
            WHERE v.model_key = @k AND v.passage_hash <> '' AND EXISTS (SELECT 1 FROM sentences s WHERE s.hash = v.passage_hash)
            ON CONFLICT (model_key, sentence_hash) DO NOTHING
            """, ("k", modelKey));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PassageSentences>> GetPassageSentencesAsync(IReadOnlyList<string> passageHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passageHashes);
        if (passageHashes.Count == 0) return [];
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        // One passage per hash (the first stored), its sentences by ordinal; spans made relative to the passage.
        await using var cmd = Command(c, null, """
            SELECT p.hash, p.text, s.hash, s.start - p.start, s."end" - p.start
            FROM (SELECT min(id) AS id FROM passages WHERE hash = ANY(@h) GROUP BY hash) x
            JOIN passages p ON p.id = x.id
            JOIN sentences s ON s.document_id = p.document_id AND s.paragraph = p.paragraph AND s.ordinal BETWEEN p.first_sentence AND p.last_sentence
            ORDER BY p.hash, s.ordinal
            """, ("h", passageHashes.ToArray()));
        return await IndexRows.ReadPassageSentencesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> GetPassagesOfSentencesAsync(IReadOnlyList<string> sentenceHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentenceHashes);
        if (sentenceHashes.Count == 0) return [];
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            SELECT DISTINCT (SELECT min(p.hash) FROM passages p WHERE p.document_id = s.document_id AND p.paragraph = s.paragraph
                AND s.ordinal BETWEEN p.first_sentence AND p.last_sentence)
            FROM (SELECT min(id) AS id FROM sentences WHERE hash = ANY(@h) GROUP BY hash) x
            JOIN sentences s ON s.id = x.id
            """, ("h", sentenceHashes.ToArray()));
        return await IndexRows.ReadStringsAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneVectorsAsync(string? modelKey, string? sentenceModelKey, VectorEncoding encoding, CancellationToken cancellationToken)
    {
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int pruned = 0;
        // Sentence vectors go by the same rules as passage vectors, in the same transaction.
        foreach (var (table, hash, rows, key) in new[] { ("passage_vectors", "passage_hash", "passages", modelKey), ("sentence_vectors", "sentence_hash", "sentences", sentenceModelKey ?? modelKey) })
        {
            await using var cmd = new NpgsqlCommand(modelKey is null
                ? $"DELETE FROM {table} v WHERE NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.hash = v.{hash})"
                : $"""
                  DELETE FROM {table} v WHERE v.model_key <> @k OR v.encoding <> @e
                      OR NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.hash = v.{hash})
                  """, c, tx);
            if (modelKey is not null)
            {
                cmd.Parameters.AddWithValue("k", key!);
                cmd.Parameters.AddWithValue("e", (int)encoding);
            }
            pruned += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pruned;
    }
}
