namespace Bot.Testing;

/// <summary>
/// Every PostgreSQL test shares one throw-away server (starting one costs seconds); each makes its own database.
/// xunit looks for collection definitions only in the test assembly itself, so each assembly that uses the collection
/// declares <c>[CollectionDefinition(PostgresCollection.Name)] sealed class … : PostgresCollection;</c> once.
/// </summary>
public abstract class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
