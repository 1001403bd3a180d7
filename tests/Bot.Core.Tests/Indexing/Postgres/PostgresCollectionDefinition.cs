namespace Bot.Core.Tests.Indexing.Postgres;

/// <summary>This assembly's definition of the shared PostgreSQL collection (xunit finds definitions only here).</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : PostgresCollection;
