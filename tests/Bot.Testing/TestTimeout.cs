namespace Bot.Testing;

/// <summary>Cancellation tokens that end a hung test instead of the whole run.</summary>
public static class TestTimeout
{
    /// <summary>A token cancelled after <paramref name="seconds"/> (default 30).</summary>
    public static CancellationToken Token(int seconds = 30) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
