using System.Text.Json;
using Bot.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Sharding;

/// <summary>
/// Sessions in the data folder (<c>discord-sessions.json</c>), for one process restarting in place (a deploy). Written
/// whole to a temporary file and moved over the old one, so a crash mid-write leaves the previous version.
/// </summary>
public sealed class FileGatewaySessionStore(IOptions<BotOptions> options) : IGatewaySessionStore
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string FilePath { get; } = Path.Combine(options?.Value.DataPath ?? ".bot", "discord-sessions.json");

    public async Task<SavedSession?> LoadAsync(ShardInfo shard, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await ReadAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(Key(shard));
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task SaveAsync(ShardInfo shard, SavedSession session, CancellationToken cancellationToken) =>
        UpdateAsync(all => all[Key(shard)] = session, cancellationToken);

    public Task ClearAsync(ShardInfo shard, CancellationToken cancellationToken) => UpdateAsync(all => all.Remove(Key(shard)), cancellationToken);

    private async Task UpdateAsync(Action<Dictionary<string, SavedSession>> change, CancellationToken ct)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var all = await ReadAsync(ct).ConfigureAwait(false);
            change(all);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(FilePath))!);
            var temp = FilePath + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(all, DiscordJson.Options), ct).ConfigureAwait(false);
            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<Dictionary<string, SavedSession>> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(FilePath)) return [];
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, SavedSession>>(await File.ReadAllTextAsync(FilePath, ct).ConfigureAwait(false), DiscordJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return []; // a damaged file only costs a fresh IDENTIFY
        }
    }

    private static string Key(ShardInfo shard) => $"{shard.Id}/{shard.Count}";
}
