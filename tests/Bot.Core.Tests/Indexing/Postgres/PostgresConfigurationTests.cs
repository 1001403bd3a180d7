using Bot.Core.Indexing;
using Bot.Core.Indexing.Postgres;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>Choosing and configuring the store; needs no server.</summary>
public sealed class PostgresConfigurationTests : IDisposable
{
    private const string Secret = "s3cr3t-Pa55";
    private readonly TempFolder _data = new();

    private ServiceProvider Services(params (string Key, string? Value)[] settings) =>
        CoreHost.Create(_data.Path, _data.Path, settings.ToDictionary(s => s.Key, s => s.Value));

    [Fact]
    public void Without_a_provider_the_store_is_SQLite_with_its_lock_file()
    {
        using var sp = Services();
        Assert.IsType<SqliteIndexStore>(sp.GetRequiredService<IIndexStore>());
        Assert.IsType<FileIndexWriteLock>(sp.GetRequiredService<IIndexWriteLock>());
    }

    [Fact]
    public void The_postgres_provider_picks_the_PostgreSQL_store_and_the_advisory_lock()
    {
        using var sp = Services(("Bot:Index:Provider", "postgres"), ("Bot:Index:ConnectionString", $"Host=db.example;Database=bot;Username=bot;Password={Secret}"));
        var store = Assert.IsType<PostgresIndexStore>(sp.GetRequiredService<IIndexStore>());
        Assert.IsType<PostgresAdvisoryLock>(sp.GetRequiredService<IIndexWriteLock>());
        Assert.Equal("PostgreSQL db.example:5432/bot", store.Description);
    }

    [Fact]
    public void The_postgres_provider_without_a_connection_string_fails_at_start_naming_the_setting()
    {
        using var sp = Services(("Bot:Index:Provider", "postgres"));
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IIndexStore>());
        Assert.Contains("Bot:Index:ConnectionString is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot__Index__ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_reported_without_echoing_the_password()
    {
        using var sp = Services(("Bot:Index:Provider", "postgres"), ("Bot:Index:ConnectionString", $"Host=db;Database=bot;Password={Secret};Bogus Key={Secret}"));
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IIndexStore>());
        Assert.Contains("Bot:Index:ConnectionString is not a valid", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_without_a_database_is_rejected()
    {
        using var sp = Services(("Bot:Index:Provider", "postgres"), ("Bot:Index:ConnectionString", "Host=db;Username=bot"));
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IIndexStore>());
        Assert.Contains("has no Database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_rejected_naming_the_allowed_values()
    {
        using var sp = Services(("Bot:Index:Provider", "mysql"));
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IIndexStore>());
        Assert.Contains("Bot:Index:Provider has an unknown value 'mysql'; allowed values: sqlite, postgres.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_description_never_contains_the_password()
    {
        using var store = new PostgresIndexStore($"Host=127.0.0.1;Port=6543;Database=bot;Username=bot;Password={Secret}", NullLogger<PostgresIndexStore>.Instance);
        Assert.Equal("PostgreSQL 127.0.0.1:6543/bot", store.Description);
        Assert.DoesNotContain(Secret, store.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
