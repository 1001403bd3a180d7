using Bot.Discord.Bot;
using Bot.Discord.Postgres;
using Bot.Discord.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests.Sharding;

/// <summary>
/// Events taken up and done in PostgreSQL: an event another live process has taken up is left to it, one done is never
/// taken up again, and one taken up by a process that stopped renewing (dead) — or released by a stop — is taken up by
/// the next process it is sent to.
/// </summary>
[Collection(PostgresCollection.Name)]
[Integration(TestCategory.Server)]
public sealed class SharedAnsweredEventsTests(PostgresServer server)
{
    private static readonly IOptions<DiscordOptions> Options = Microsoft.Extensions.Options.Options.Create(new DiscordOptions
    {
        ShardLeaseTtl = TimeSpan.FromSeconds(1), ShardLeaseInterval = TimeSpan.FromMilliseconds(200),
    });

    [SkippableFact]
    public async Task An_event_is_left_to_the_live_process_that_took_it_up_taken_again_from_a_dead_one_and_never_once_done()
    {
        var connection = await server.CreateDatabaseAsync();
        await using var dbA = new DiscordPostgres(connection);
        await using var dbB = new DiscordPostgres(connection);
        var (leasesA, leasesB) = (new PostgresShardCoordinator(dbA, Options), new PostgresShardCoordinator(dbB, Options));
        var (a, b) = (new PostgresAnsweredEvents(dbA, Options), new PostgresAnsweredEvents(dbB, Options));
        await leasesA.AcquireAsync(4, CancellationToken.None); // both processes live
        await leasesB.AcquireAsync(4, CancellationToken.None);

        Assert.Equal(EventClaim.Taken, await a.TryClaimAsync("m1", CancellationToken.None));
        Assert.Equal(EventClaim.HeldElsewhere, await b.TryClaimAsync("m1", CancellationToken.None));
        Assert.True(await a.CompleteAsync("m1", CancellationToken.None));
        Assert.Equal(EventClaim.Done, await b.TryClaimAsync("m1", CancellationToken.None));
        Assert.Equal(EventClaim.Done, await a.TryClaimAsync("m1", CancellationToken.None));

        // A stop cancels an answer: released, the next process takes it up at once.
        Assert.Equal(EventClaim.Taken, await a.TryClaimAsync("m2", CancellationToken.None));
        await a.ReleaseAsync("m2", CancellationToken.None);
        Assert.Equal(EventClaim.Taken, await b.TryClaimAsync("m2", CancellationToken.None));

        // A dies while answering: once it has not been seen for the lease TTL, its event is B's to answer.
        Assert.Equal(EventClaim.Taken, await a.TryClaimAsync("m3", CancellationToken.None));
        Assert.Equal(EventClaim.HeldElsewhere, await b.TryClaimAsync("m3", CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        await leasesB.AcquireAsync(4, CancellationToken.None); // B renews; A does not
        Assert.Equal(EventClaim.Taken, await b.TryClaimAsync("m3", CancellationToken.None));
        Assert.True(await b.CompleteAsync("m3", CancellationToken.None));
        Assert.False(await a.CompleteAsync("m3", CancellationToken.None)); // A, had it only been slow, learns it was taken over
        Assert.Equal(EventClaim.Done, await a.TryClaimAsync("m3", CancellationToken.None));
    }
}
