using System.Globalization;
using System.Text.Json;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// Who may run admin commands (/reindex, /add): the application's owner, or its team's owner and admins (GET
/// /oauth2/applications/@me), and the configured <see cref="DiscordOptions.AdminUserIds"/>. Read once, and again after
/// a failure.
/// </summary>
public sealed class BotOwners
{
    private readonly DiscordRestClient _rest;
    private readonly ILogger<BotOwners> _logger;
    private readonly HashSet<ulong> _configured;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile HashSet<ulong>? _owners;

    public BotOwners(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<BotOwners> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rest = rest;
        _logger = logger;
        _configured = [.. options.Value.AdminUserIds.Select(id => ulong.Parse(id, CultureInfo.InvariantCulture))];
    }

    /// <summary>The application's id (0 until read).</summary>
    public ulong ApplicationId { get; private set; }

    /// <summary>True once the application's owners were read.</summary>
    public bool Loaded => _owners is not null;

    /// <summary>Whether <paramref name="userId"/> is an owner or a configured admin (reads the owners first if needed).</summary>
    public async Task<bool> IsAdminAsync(ulong userId, CancellationToken ct)
    {
        if (_configured.Contains(userId)) return true;
        await LoadAsync(ct).ConfigureAwait(false);
        return _owners?.Contains(userId) == true;
    }

    /// <summary>Reads the application's owner and team (no-op once read); a failure is logged and tried again next time.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        if (_owners is not null) return;
        await _loading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_owners is not null) return;
            var app = await _rest.GetCurrentApplicationAsync(ct).ConfigureAwait(false);
            if (app is { } a) ApplicationId = a.GetSnowflake("id");
            _owners = app is { } found ? Read(found) : [];
            Log.OwnersLoaded(_logger, _owners.Count);
        }
        catch (DiscordApiException e)
        {
            Log.OwnersNotLoaded(_logger, e.Message);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The owner's id; for a team application, the team's owner and its members with the admin role.</summary>
    internal static HashSet<ulong> Read(JsonElement app)
    {
        var ids = new HashSet<ulong>();
        var team = app.GetObject("team");
        if (team.ValueKind == JsonValueKind.Object)
        {
            if (team.GetSnowflake("owner_user_id") is var owner and not 0) ids.Add(owner);
            if (team.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
                foreach (var m in members.EnumerateArray())
                    if (m.GetString("role") == "admin" && m.GetObject("user").GetSnowflake("id") is var id and not 0)
                        ids.Add(id);
        }
        else if (app.GetObject("owner").GetSnowflake("id") is var owner and not 0)
        {
            ids.Add(owner);
        }
        return ids;
    }
}
