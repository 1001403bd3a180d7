using Bot.Core.Indexing;
using Bot.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// The per-question sentence-vector look-up must cost the same whatever the corpus size: SQLite's plan has to fetch the
/// asked sentences by id and then their vectors by primary key, never walk every stored vector of the model.
/// </summary>
public sealed class SqliteSentenceVectorQueryTests
{
    [Fact]
    public async Task Sentence_vector_lookup_fetches_the_asked_sentences_by_id_and_their_vectors_by_key()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "index.db");
        await new SqliteIndexStore(path, NullLogger<SqliteIndexStore>.Instance).InitializeAsync(TestTimeout.Token());
        SqliteConnection.ClearAllPools();

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(TestTimeout.Token());
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteIndexReader.SentenceVectorsSql([3, 5, 8]);
        cmd.Parameters.AddWithValue("$k", "onnx:all-MiniLM-L6-v2");
        var plan = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(TestTimeout.Token()))
        {
            while (await reader.ReadAsync(TestTimeout.Token())) plan.Add(reader.GetString(3));
        }

        Assert.Equal(2, plan.Count);
        Assert.StartsWith("SEARCH s USING INTEGER PRIMARY KEY", plan[0], StringComparison.Ordinal);
        Assert.StartsWith("SEARCH v USING PRIMARY KEY (model_key=? AND sentence_hash=?)", plan[1], StringComparison.Ordinal);
    }
}
