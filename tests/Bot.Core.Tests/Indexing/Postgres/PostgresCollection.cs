namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>Every PostgreSQL test shares one throw-away server (starting one costs seconds); each makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
