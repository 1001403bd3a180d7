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
}
