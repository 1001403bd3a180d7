using Bot.Core.Search.Vectors;
using Microsoft.Data.Sqlite;
using static Bot.Core.Indexing.SqliteCommands;

namespace Bot.Core.Indexing;

/// <summary>
/// The SQLite index's passage and sentence vectors, keyed by model and content hash: what still needs one, adding
/// batches, pruning those of other models or of texts no longer indexed.
/// </summary>
internal sealed class SqliteVectorStore(Func<CancellationToken, Task<SqliteConnection>> open, IIndexFaultPoints faults) : IIndexVectorStore
{
    public Task<IReadOnlyList<PendingPassage>> ListPassagesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT p.hash, min(p.text) FROM passages p
            WHERE p.hash > $after AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_key=$k AND v.passage_hash=p.hash)
            GROUP BY p.hash ORDER BY p.hash LIMIT $n
            """, modelKey, afterHash, limit, cancellationToken);

    // hash > '' also skips a sentence without a hash (none should exist): it must never share one vector with others.
    public Task<IReadOnlyList<PendingPassage>> ListSentencesWithoutVectorsAsync(string modelKey, string? afterHash, int limit, CancellationToken cancellationToken) =>
        ListWithoutVectorsAsync("""
            SELECT s.hash, min(s.text) FROM sentences s
            WHERE s.hash > $after AND NOT EXISTS (SELECT 1 FROM sentence_vectors v WHERE v.model_key=$k AND v.sentence_hash=s.hash)
            GROUP BY s.hash ORDER BY s.hash LIMIT $n
            """, modelKey, afterHash, limit, cancellationToken);

    private async Task<IReadOnlyList<PendingPassage>> ListWithoutVectorsAsync(string sql, string modelKey, string? afterHash, int limit, CancellationToken cancellationToken)
    {
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, sql, ("$k", modelKey), ("$after", afterHash ?? ""), ("$n", limit));
        return await AdoCommands.ReadAllAsync(cmd, IndexRows.ReadPending, cancellationToken).ConfigureAwait(false);
    }

    public async Task AddVectorsAsync(VectorBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        await using var tx = await BeginDataWriteAsync(c, cancellationToken).ConfigureAwait(false);
        await InsertVectorsAsync(c, tx, batch, "passage_vectors", "passage_hash", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task AddSentenceVectorsAsync(VectorBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        // No generation bump: the stamp tracks passage vectors (the retriever's in-memory index), not sentence ones.
        await using var tx = BeginWrite(c);
        await InsertVectorsAsync(c, tx, batch, "sentence_vectors", "sentence_hash", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        faults.Reached(IndexFaultPoint.AfterVectors);
    }

    public async Task<int> CopyPassageVectorsToSentencesAsync(string modelKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        await using var tx = BeginWrite(c);
        await using var cmd = Command(c, tx, """
            INSERT INTO sentence_vectors(model_key, sentence_hash, encoding, vector)
            SELECT v.model_key, v.passage_hash, v.encoding, v.vector FROM passage_vectors v
            WHERE v.model_key = $k AND EXISTS (SELECT 1 FROM sentences s WHERE s.hash = v.passage_hash)
              AND NOT EXISTS (SELECT 1 FROM sentence_vectors w WHERE w.model_key = $k AND w.sentence_hash = v.passage_hash)
            """, ("$k", modelKey));
        var copied = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return copied;
    }

    public async Task<IReadOnlyList<PassageSentences>> GetPassageSentencesAsync(IReadOnlyList<string> passageHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passageHashes);
        if (passageHashes.Count == 0) return [];
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        // One passage per hash (the first stored), its sentences by ordinal; spans made relative to the passage.
        await using var cmd = Command(c, null, """
            SELECT p.hash, p.text, s.hash, s.start - p.start, s."end" - p.start
            FROM (SELECT min(id) AS id FROM passages WHERE hash IN (SELECT value FROM json_each($h)) GROUP BY hash) x
            CROSS JOIN passages p ON p.id = x.id
            CROSS JOIN sentences s ON s.document_id = p.document_id AND s.paragraph = p.paragraph AND s.ordinal BETWEEN p.first_sentence AND p.last_sentence
            ORDER BY p.hash, s.ordinal
            """, ("$h", JsonArray(passageHashes)));
        return await IndexRows.ReadPassageSentencesAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The hashes as a JSON array of strings, for json_each: one parameter however many.</summary>
    private static string JsonArray(IEnumerable<string> values) =>
        "[" + string.Join(",", values.Select(v => "\"" + System.Text.Json.JsonEncodedText.Encode(v) + "\"")) + "]";

    public async Task<IReadOnlyList<string>> GetPassagesOfSentencesAsync(IReadOnlyList<string> sentenceHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentenceHashes);
        if (sentenceHashes.Count == 0) return [];
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            SELECT DISTINCT (SELECT min(p.hash) FROM passages p WHERE p.document_id = s.document_id AND p.paragraph = s.paragraph
                AND s.ordinal BETWEEN p.first_sentence AND p.last_sentence)
            FROM (SELECT min(id) AS id FROM sentences WHERE hash IN (SELECT value FROM json_each($h)) GROUP BY hash) x
            CROSS JOIN sentences s ON s.id = x.id
            """, ("$h", JsonArray(sentenceHashes)));
        return await IndexRows.ReadStringsAsync(cmd, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PruneVectorsAsync(string? modelKey, string? sentenceModelKey, VectorEncoding encoding, CancellationToken cancellationToken)
    {
        await using var c = await open(cancellationToken).ConfigureAwait(false);
        // Without vectors there is nothing to prune, and nothing to build the hash indexes for (a lexical index).
        if (await ScalarAsync(c, "SELECT EXISTS(SELECT 1 FROM passage_vectors) OR EXISTS(SELECT 1 FROM sentence_vectors)", cancellationToken).ConfigureAwait(false) is not (long and not 0))
            return 0;
        await EnsureHashIndexesAsync(c, cancellationToken).ConfigureAwait(false);
        await using var tx = BeginWrite(c);
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = modelKey is null
            ? "DELETE FROM passage_vectors WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.hash = passage_hash)"
            : """
              DELETE FROM passage_vectors WHERE model_key<>$k OR encoding<>$e
                  OR NOT EXISTS (SELECT 1 FROM passages p WHERE p.hash = passage_hash)
              """;
        if (modelKey is not null)
        {
            cmd.Parameters.AddWithValue("$k", modelKey);
            cmd.Parameters.AddWithValue("$e", (int)encoding);
        }
        var pruned = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (pruned > 0) await BumpGenerationAsync(c, tx, cancellationToken).ConfigureAwait(false);
        // Sentence vectors go by the same rules, in the same transaction, under their own key.
        if (modelKey is not null) cmd.Parameters["$k"].Value = sentenceModelKey ?? modelKey;
        cmd.CommandText = modelKey is null
            ? "DELETE FROM sentence_vectors WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.hash = sentence_hash)"
            : """
              DELETE FROM sentence_vectors WHERE model_key<>$k OR encoding<>$e
                  OR NOT EXISTS (SELECT 1 FROM sentences s WHERE s.hash = sentence_hash)
              """;
        pruned += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return pruned;
    }

    /// <summary>
    /// Builds the content-hash indexes (<see cref="SqliteIndexSchema.HashIndexes"/>) in a transaction of their own when
    /// they are missing: every query here looks passages and sentences up by hash.
    /// </summary>
    private static async Task EnsureHashIndexesAsync(SqliteConnection c, CancellationToken ct)
    {
        const string count = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('passages_hash', 'sentences_hash')";
        if (await ScalarAsync(c, count, ct).ConfigureAwait(false) is 2L) return;
        await using var tx = BeginWrite(c);
        await ExecAsync(c, SqliteIndexSchema.HashIndexes, ct, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private static async Task InsertVectorsAsync(SqliteConnection c, SqliteTransaction tx, VectorBatch batch, string table, string hashColumn, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"INSERT OR REPLACE INTO {table}(model_key, {hashColumn}, encoding, vector) VALUES ($k, $h, $e, $v)",
            ("$k", batch.ModelKey), ("$e", (int)batch.Encoding));
        var h = cmd.Parameters.Add(new SqliteParameter("$h", ""));
        var v = cmd.Parameters.Add(new SqliteParameter("$v", Array.Empty<byte>()));
        foreach (var vector in batch.Vectors)
        {
            h.Value = vector.PassageHash;
            v.Value = vector.Blob;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
