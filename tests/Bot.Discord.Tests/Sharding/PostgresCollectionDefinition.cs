namespace Bot.Discord.Tests.Sharding;

[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresCollectionDefinition : PostgresCollection;
