namespace Bot.Testing;

/// <summary>PostgreSQL's server binaries (initdb, pg_ctl) are not installed: the message says what to install.</summary>
public sealed class PostgresBinariesNotFoundException : InvalidOperationException
{
    public PostgresBinariesNotFoundException() { }

    public PostgresBinariesNotFoundException(string message) : base(message) { }

    public PostgresBinariesNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
