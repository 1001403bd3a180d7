using System.ComponentModel.DataAnnotations;
using System.Net;
using Bot.Core.Configuration;

namespace Bot.Core.Ingesting;

/// <summary><c>Bot:Ingest</c>: how `bot add` (and Discord's /add) fetch a URL.</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string SectionName = $"{BotOptions.SectionName}:Ingest";

    /// <summary>
    /// Requests to loopback, private, link-local and cloud-metadata addresses are refused — after DNS resolution, on the
    /// address actually connected to, and on every redirect — unless this is <c>true</c> (all allowed) or lists the
    /// addresses allowed, comma-separated (the tests: <c>127.0.0.1</c>). Only for tests and trusted networks.
    /// </summary>
    public string AllowPrivateAddresses { get; set; } = "false";

    /// <summary>Whether <see cref="AllowPrivateAddresses"/> lets a request go to <paramref name="address"/>, a non-public address.</summary>
    public bool AllowsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var setting = AllowPrivateAddresses?.Trim() ?? "";
        if (setting.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(a => IPAddress.TryParse(a, out var allowed) && allowed.Equals(address));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var setting = AllowPrivateAddresses?.Trim() ?? "";
        if (setting.Length == 0 || setting.Equals("true", StringComparison.OrdinalIgnoreCase) || setting.Equals("false", StringComparison.OrdinalIgnoreCase)) yield break;
        foreach (var a in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!IPAddress.TryParse(a, out _))
                yield return new ValidationResult($"Bot:Ingest:AllowPrivateAddresses is '{setting}': expected true, false or IP addresses separated by commas ('{a}' is none)", [nameof(AllowPrivateAddresses)]);
    }

    /// <summary>Seconds a whole fetch (redirects and body included) may take.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Largest response body read; a larger one is refused without being stored.</summary>
    [Range(1024, 1L << 31)]
    public long MaxDownloadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most redirects followed.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Fewest words of article text a web page must have to be added (less: a login wall, an index page).</summary>
    [Range(1, 100_000)]
    public int MinArticleWords { get; set; } = 80;

    /// <summary>Folder inside the seeds folder that fetched pages are saved in.</summary>
    [Required]
    public string Folder { get; set; } = "web";
}
