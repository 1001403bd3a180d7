namespace Bot.Testing;

/// <summary>A chat-completions request the fake endpoint received, parsed.</summary>
public sealed record ChatCall(string Path, IReadOnlyDictionary<string, string> Headers, string Body, bool Stream, IReadOnlyList<(string Role, string Content)> Messages)
{
    public string System => string.Join("\n", Messages.Where(m => m.Role is "system" or "developer").Select(m => m.Content));

    public string User => string.Join("\n", Messages.Where(m => m.Role == "user").Select(m => m.Content));

    /// <summary>True for a Condense call (the prompts/Condense template).</summary>
    public bool IsCondense => User.Contains("Follow-up question:", StringComparison.Ordinal);
}
