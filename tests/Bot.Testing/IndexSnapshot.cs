using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Bot.Testing;

/// <summary>
/// The index's content as text, without row ids and timestamps: two indexes of the same files must give the same
/// snapshot however they were built (incrementally, after a crash, or from scratch).
/// </summary>
public static class IndexSnapshot
{
    public static string Read(string databasePath)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        var sb = new StringBuilder();
        // Without modified_ticks: a file written within seconds of a run is stored as "read again next run" (-1), so the
        // same files give -1 or their time depending on how long a run took (SeedManifest.RacyMargin).
        Append(c, sb, "SELECT path, title, content_hash, size, paragraphs, length(text) FROM documents ORDER BY path");
        Append(c, sb, """
            SELECT d.path, p.ordinal, p.paragraph, p.start, p."end", p.first_sentence, p.last_sentence, p.tokens, p.hash
            FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.ordinal
            """);
        Append(c, sb, """
            SELECT d.path, s.ordinal, s.paragraph, s.start, s."end", s.hash FROM sentences s JOIN documents d ON d.id = s.document_id ORDER BY d.path, s.ordinal
            """);
        Append(c, sb, "SELECT path, content_hash, size FROM aliases ORDER BY path");
        Append(c, sb, "SELECT kind, rows, tokens FROM postings_totals ORDER BY kind");
        foreach (var table in new[] { "passage_vectors", "sentence_vectors" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT model_key, {table.Replace("_vectors", "", StringComparison.Ordinal)}_hash, encoding, vector FROM {table} ORDER BY 1, 2";
            using var r = cmd.ExecuteReader();
            sb.Append(table).Append('\n');
            while (r.Read())
                sb.Append(r.GetString(0)).Append('|').Append(r.GetString(1)).Append('|').Append(r.GetInt32(2)).Append('|')
                    .Append(Convert.ToHexString(SHA256.HashData((byte[])r.GetValue(3)))[..16]).Append('\n');
        }
        return sb.ToString();
    }

    private static void Append(SqliteConnection c, StringBuilder sb, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            for (int i = 0; i < r.FieldCount; i++) sb.Append(i == 0 ? "" : "|").Append(Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        sb.Append("--\n");
    }
}
