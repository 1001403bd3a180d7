namespace Bot.Cli;

/// <summary>Process exit codes (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Success; for `ask`, the question was answered.</summary>
    public const int Answered = 0;

    /// <summary>`ask`: the sources do not answer the question.</summary>
    public const int NotFound = 1;

    /// <summary>Bad command line or bad input (unknown option, empty or too long question).</summary>
    public const int UsageError = 2;

    /// <summary>Something failed: missing seeds folder, index busy, unreadable index, dead endpoint,
    /// unusable embedding model (missing or corrupt package, model folder not writable).</summary>
    public const int Failure = 3;
}
