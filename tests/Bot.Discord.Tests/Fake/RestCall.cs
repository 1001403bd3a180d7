using System.Text.Json;

namespace Bot.Discord.Tests.Fake;

/// <summary>One REST request the fake received, and the status it answered.</summary>
public sealed record RestCall(string Method, string Path, string Template, string Major, string Body, string? Authorization, string? UserAgent, TimeSpan At)
{
    public int Status { get; set; }

    /// <summary>A message create Discord answered with the message it had already created with the same nonce (<c>enforce_nonce</c>): nothing new appeared.</summary>
    public bool Deduplicated { get; set; }

    /// <summary>A held message create dropped when its hold was lifted: as if it never reached Discord (no message, no response).</summary>
    public bool Dropped { get; set; }

    /// <summary>True for a message create that made a new message appear.</summary>
    public bool Created => Status == 200 && !Deduplicated;

    public JsonElement Json => string.IsNullOrEmpty(Body) ? default : JsonDocument.Parse(Body).RootElement;

    public string? Content => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("content", out var c) ? c.GetString() : null;
}
