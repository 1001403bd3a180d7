using Bot.Core.Feedback;
using Bot.Testing;

namespace Bot.Core.Tests.Feedback;

/// <summary>The feedback store contract against a real PostgreSQL server (a database of its own per test).</summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Process, TestCategory.Server)]
public sealed class PostgresFeedbackStoreTests(PostgresServer server) : FeedbackStoreContractTests
{
    protected override async Task<IFeedbackStore> NewStoreAsync() => new PostgresFeedbackStore(await server.CreateDatabaseAsync());
}
