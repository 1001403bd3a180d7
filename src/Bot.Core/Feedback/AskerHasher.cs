using System.Security.Cryptography;
using System.Text;

namespace Bot.Core.Feedback;

/// <summary>
/// Turns a user id into an opaque hash (HMAC-SHA256 with a random salt, first 16 bytes as hex): the same person hashes
/// alike within one data folder, so ratings can tell the asker from others, but no id or name is stored in clear and the
/// hash cannot be checked against a guessed id without the salt. The salt (32 random bytes) is created once in
/// <c>&lt;data&gt;/feedback.salt</c>, readable by its owner only, and is never stored with the log.
/// </summary>
public sealed class AskerHasher
{
    public const string SaltFileName = "feedback.salt";

    private readonly string _saltPath;
    private readonly Lock _gate = new();
    private byte[]? _salt;

    public AskerHasher(string dataPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        _saltPath = Path.Combine(dataPath, SaltFileName);
    }

    /// <summary>The hash of <paramref name="id"/> as seen by <paramref name="frontEnd"/> (ids of two front ends never collide).</summary>
    public string Hash(string frontEnd, string id)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentNullException.ThrowIfNull(id);
        var mac = HMACSHA256.HashData(Salt(), Encoding.UTF8.GetBytes(frontEnd + "\n" + id));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }

    private byte[] Salt()
    {
        lock (_gate)
        {
            return _salt ??= ReadOrCreate();
        }
    }

    private byte[] ReadOrCreate()
    {
        if (TryRead() is { } existing) return existing;
        Directory.CreateDirectory(Path.GetDirectoryName(_saltPath)!);
        var salt = RandomNumberGenerator.GetBytes(32);
        var part = $"{_saltPath}.{Environment.ProcessId}.part";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(part, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(Convert.ToBase64String(salt));
        try
        {
            // Never replace a salt another process wrote first: its hashes are already stored.
            File.Move(part, _saltPath, overwrite: false);
            return salt;
        }
        catch (IOException) when (File.Exists(_saltPath))
        {
            File.Delete(part);
            return TryRead() ?? throw new InvalidDataException($"{_saltPath} is not a salt written by the bot");
        }
    }

    private byte[]? TryRead()
    {
        if (!File.Exists(_saltPath)) return null;
        try
        {
            var bytes = Convert.FromBase64String(File.ReadAllText(_saltPath).Trim());
            return bytes.Length >= 16 ? bytes : throw new InvalidDataException($"{_saltPath} holds fewer than 16 bytes of salt");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{_saltPath} is not a salt written by the bot (delete it to start a new one)", e);
        }
    }
}
