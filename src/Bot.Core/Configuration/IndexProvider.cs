namespace Bot.Core.Configuration;

/// <summary>Where the index lives (<c>Bot:Index:Provider</c>).</summary>
public enum IndexProvider
{
    /// <summary>One SQLite file in the data folder: the embedded default, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several bot processes (e.g. Discord gateway shards).</summary>
    Postgres,
}
