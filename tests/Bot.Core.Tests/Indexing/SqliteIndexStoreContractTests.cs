using Microsoft.Data.Sqlite;

namespace Bot.Core.Tests.Indexing;

/// <summary>The store contract against the embedded default: one SQLite file per data folder.</summary>
public sealed class SqliteIndexStoreContractTests : IndexStoreContractTests
{
    protected override string StoreName => "SQLite";

    protected override Task<IDictionary<string, string?>> NewStoreAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?> { ["Bot:DataPath"] = Folder().Path });

    protected override Task SetSchemaVersionAsync(IDictionary<string, string?> store, string version)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(store["Bot:DataPath"]!, "index.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE meta SET value=$v WHERE key='schema_version'";
        cmd.Parameters.AddWithValue("$v", version);
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    protected override Task DeleteParserVersionAsync(IDictionary<string, string?> store)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(store["Bot:DataPath"]!, "index.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM meta WHERE key = 'parser_version'";
        Assert.Equal(1, cmd.ExecuteNonQuery());
        return Task.CompletedTask;
    }

    protected override Task DowngradeToBeforeGenresAsync(IDictionary<string, string?> store)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(store["Bot:DataPath"]!, "index.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "ALTER TABLE documents DROP COLUMN genre; UPDATE meta SET value = '7' WHERE key = 'schema_version';";
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    protected override Task DowngradeToV2Async(IDictionary<string, string?> store)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(store["Bot:DataPath"]!, "index.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            DROP TABLE sentence_vectors; DROP INDEX IF EXISTS sentences_hash; ALTER TABLE sentences DROP COLUMN hash;
            ALTER TABLE documents DROP COLUMN genre;
            UPDATE meta SET value = '2' WHERE key = 'schema_version';
            """;
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
