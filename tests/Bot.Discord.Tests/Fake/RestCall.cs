using System.Text.Json;

namespace Bot.Discord.Tests.Fake;

/// <summary>One REST request the fake received, and the status it answered.</summary>
public sealed record RestCall(string Method, string Path, string Template, string Major, string Body, string? Authorization, string? UserAgent, TimeSpan At)
{
    public int Status { get; set; }

    public JsonElement Json => string.IsNullOrEmpty(Body) ? default : JsonDocument.Parse(Body).RootElement;

    public string? Content => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("content", out var c) ? c.GetString() : null;
}
