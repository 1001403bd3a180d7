using Microsoft.Extensions.Logging;

namespace Bot.Testing;

/// <summary>One line a <see cref="RecordingLoggerProvider"/> kept; <see cref="Text"/> ends with the exception, if any.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Text)
{
    public override string ToString() => $"{Level} {Category}: {Text}";
}
