namespace Bot.Core.Configuration;

/// <summary>The <c>Bot:Index</c> section: which index store, and how to reach it.</summary>
public sealed class IndexOptions
{
    public const string SectionName = "Bot:Index";

    /// <summary>sqlite (default) or postgres.</summary>
    public IndexProvider Provider { get; set; } = IndexProvider.Sqlite;

    /// <summary>
    /// Npgsql connection string for <see cref="IndexProvider.Postgres"/> (e.g. <c>Host=db;Database=bot;Username=bot;Password=…</c>);
    /// best set through the environment (<c>Bot__Index__ConnectionString</c>) or appsettings.Local.json. Never logged whole.
    /// </summary>
    public string? ConnectionString { get; set; }
}
