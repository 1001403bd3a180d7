using Bot.Core.Indexing.Postgres;
using Npgsql;

namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>The store contract against a real PostgreSQL server (a database of its own per test).</summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class PostgresIndexStoreContractTests(PostgresServer server) : IndexStoreContractTests
{
    protected override string StoreName => "PostgreSQL";

    protected override async Task<IDictionary<string, string?>> NewStoreAsync() => new Dictionary<string, string?>
    {
        ["Bot:DataPath"] = Folder().Path,
        ["Bot:Index:Provider"] = "postgres",
        ["Bot:Index:ConnectionString"] = await server.CreateDatabaseAsync(),
    };

    protected override async Task SetSchemaVersionAsync(IDictionary<string, string?> store, string version)
    {
        await using var c = new NpgsqlConnection(store["Bot:Index:ConnectionString"]);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"UPDATE {PostgresIndexStore.SchemaName}.meta SET value = @v WHERE key = 'schema_version'", c);
        cmd.Parameters.AddWithValue("v", version);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    protected override async Task DeleteParserVersionAsync(IDictionary<string, string?> store)
    {
        await using var c = new NpgsqlConnection(store["Bot:Index:ConnectionString"]);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DELETE FROM {PostgresIndexStore.SchemaName}.meta WHERE key = 'parser_version'", c);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    protected override async Task DowngradeToBeforeGenresAsync(IDictionary<string, string?> store)
    {
        await using var c = new NpgsqlConnection(store["Bot:Index:ConnectionString"]);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            SET search_path = {PostgresIndexStore.SchemaName};
            ALTER TABLE documents DROP COLUMN genre;
            UPDATE meta SET value = '3' WHERE key = 'schema_version';
            """, c);
        await cmd.ExecuteNonQueryAsync();
    }

    protected override async Task DowngradeToV2Async(IDictionary<string, string?> store)
    {
        await using var c = new NpgsqlConnection(store["Bot:Index:ConnectionString"]);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            SET search_path = {PostgresIndexStore.SchemaName};
            DROP TABLE sentence_vectors; ALTER TABLE sentences DROP COLUMN hash; ALTER TABLE documents DROP COLUMN genre;
            UPDATE meta SET value = '2' WHERE key = 'schema_version';
            """, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
