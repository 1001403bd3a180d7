namespace Bot.Discord.Bot;

/// <summary>One process: the dispatcher's own memory of recent ids already answers duplicates; every claim succeeds.</summary>
public sealed class LocalAnsweredEvents : IAnsweredEvents
{
    public Task<EventClaim> TryClaimAsync(string key, CancellationToken cancellationToken) => Task.FromResult(EventClaim.Taken);

    public Task<bool> CompleteAsync(string key, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
}
