using System.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Core.Tests.TestSupport;

/// <summary>
/// SQLite FTS5 over an index's stored sentences and passages, built in the connection's TEMP schema (nothing is written
/// to the index file): the reference the bot's own postings must rank exactly as, since the index (v7) no longer holds
/// FTS5 tables. Same tokenizer and columns as the FTS5 tables of v5: <c>sentences_fts(text)</c>,
/// <c>passages_fts(title, text)</c>, rowids the sentence and passage ids.
/// </summary>
internal static class Fts5Reference
{
    public static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var c = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await c.OpenAsync(TestTimeout.Token());
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TEMP VIEW sentences_src(id, text) AS SELECT id, text FROM main.sentences;
            CREATE TEMP VIEW passages_src(id, title, text) AS
                SELECT p.id, d.title, p.text FROM main.passages p JOIN main.documents d ON d.id = p.document_id;
            CREATE VIRTUAL TABLE temp.sentences_fts USING fts5(text, content = 'sentences_src', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE temp.passages_fts USING fts5(title, text, content = 'passages_src', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2');
            INSERT INTO temp.sentences_fts(sentences_fts) VALUES ('rebuild');
            INSERT INTO temp.passages_fts(passages_fts) VALUES ('rebuild');
            """;
        await cmd.ExecuteNonQueryAsync(TestTimeout.Token());
        return c;
    }

    /// <summary>Rows of (id, score) of <paramref name="sql"/>, with <c>$q</c> the MATCH expression and <c>$n</c> the limit.</summary>
    public static async Task<List<(long, double)>> RowsAsync(SqliteConnection c, string sql, string match, int limit)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$n", limit);
        var rows = new List<(long, double)>();
        await using var r = await cmd.ExecuteReaderAsync(TestTimeout.Token());
        while (await r.ReadAsync(TestTimeout.Token())) rows.Add((r.GetInt64(0), r.GetDouble(1)));
        return rows;
    }

    /// <summary>FTS5 query: every term quoted and OR-ed (what the bot's search had sent to FTS5).</summary>
    public static string MatchExpression(IEnumerable<string> terms)
    {
        var sb = new StringBuilder();
        foreach (var term in terms.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            if (sb.Length > 0) sb.Append(" OR ");
            sb.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        return sb.ToString();
    }
}
