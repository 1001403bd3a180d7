using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bot.Testing;

/// <summary>Keeps every log line (with exception text) so tests can assert what was — and was not — logged.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    /// <summary>Each line as one string, "Level Category: text", for plain substring checks.</summary>
    public IEnumerable<string> Messages => Lines.Select(l => l.ToString());

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public bool Contains(string text) => Lines.Any(l => l.Text.Contains(text, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
