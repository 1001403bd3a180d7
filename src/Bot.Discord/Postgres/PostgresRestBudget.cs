using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Discord.Postgres;

/// <summary>
/// With several processes on PostgreSQL: every lease interval counts the live processes (<c>discord_processes</c>, seen
/// within <see cref="DiscordOptions.ShardLeaseTtl"/>) and, when there are more than <see cref="DiscordOptions.RestProcesses"/>,
/// divides the REST budget by their number instead, so N processes stay under <see cref="DiscordOptions.GlobalRequestsPerSecond"/>
/// together even when the setting was forgotten. It never raises a process above its configured share.
/// </summary>
public sealed class PostgresRestBudget(DiscordPostgres db, DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<PostgresRestBudget> logger)
    : BackgroundService
{
    private readonly DiscordOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Counts the live processes once and takes the share for them; returns their number.</summary>
    public async Task<int> UpdateAsync(CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var count = new NpgsqlCommand("SELECT count(*)::int FROM discord_processes WHERE seen_at > now() - make_interval(secs => @ttl)", c);
        count.Parameters.AddWithValue("ttl", _options.ShardLeaseTtl.TotalSeconds);
        var live = (int)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0);
        if (rest.ShareWith(live))
        {
            if (live > _options.RestProcesses) ScaleLog.RestShareLowered(logger, live, _options.RestProcesses, rest.RequestsPerSecond);
            else ScaleLog.RestShareChanged(logger, rest.RequestsPerSecond, live, _options.RestProcesses);
        }
        return live;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await UpdateAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    ScaleLog.RestShareNotRead(logger, e);
                }
                await Task.Delay(_options.ShardLeaseInterval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
