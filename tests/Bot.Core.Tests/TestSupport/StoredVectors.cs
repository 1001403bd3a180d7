using Microsoft.Data.Sqlite;

namespace Bot.Core.Tests.TestSupport;

/// <summary>
/// The vector rows of a data folder's SQLite index, read straight from the file (not through the store under test), in
/// model key and hash order, each with the text it was made from: for comparing two indexes' vectors byte for byte.
/// </summary>
internal static class StoredVectors
{
    public static List<(string ModelKey, string Hash, string? Text, byte[] Vector)> Read(string data, bool sentences)
    {
        var (vectors, texts, hash) = sentences ? ("sentence_vectors", "sentences", "sentence_hash") : ("passage_vectors", "passages", "passage_hash");
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "index.db")};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT v.model_key, v.{hash}, (SELECT t.text FROM {texts} t WHERE t.hash = v.{hash} LIMIT 1), v.vector FROM {vectors} v ORDER BY 1, 2";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string, string?, byte[])>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), (byte[])r.GetValue(3)));
        return rows;
    }
}
