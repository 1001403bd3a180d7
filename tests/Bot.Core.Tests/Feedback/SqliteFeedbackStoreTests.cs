using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Feedback;

public sealed class SqliteFeedbackStoreTests : FeedbackStoreContractTests, IDisposable
{
    private readonly TempFolder _data = new();

    protected override Task<IFeedbackStore> NewStoreAsync() =>
        Task.FromResult<IFeedbackStore>(new SqliteFeedbackStore(Path.Combine(_data.Path, Guid.NewGuid().ToString("N") + ".db")));

    [Fact]
    public async Task The_log_lives_in_the_index_file_and_survives_the_index_schema_being_rebuilt()
    {
        var path = Path.Combine(_data.Path, "index.db");
        var index = new SqliteIndexStore(path, NullLogger<SqliteIndexStore>.Instance);
        await index.InitializeAsync(default);
        var store = new SqliteFeedbackStore(path);
        await store.AddQuestionAsync(new LoggedQuestion(0, DateTimeOffset.UtcNow, "chat", "kept?", false, null, null, 0, "a"), default);

        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value = '1' WHERE key = 'schema_version'";
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.True(await index.InitializeAsync(default)); // rebuilt
        Assert.Equal("kept?", Assert.Single(await new SqliteFeedbackStore(path).ListQuestionsAsync(DateTimeOffset.MinValue, default)).Question);
        Assert.Empty(await index.VerifyAsync(default));
    }

    [Fact]
    public async Task Reading_an_absent_log_creates_nothing()
    {
        var path = Path.Combine(_data.Path, "none.db");
        var store = new SqliteFeedbackStore(path);
        Assert.Empty(await store.ListQuestionsAsync(DateTimeOffset.MinValue, default));
        Assert.Equal(0, await store.PurgeAllAsync(default));
        Assert.False(File.Exists(path));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
