namespace Bot.Discord.Gateway;

/// <summary>The end of one connection: outcome, close code if any, whether it reached READY/RESUMED, and why.</summary>
internal sealed record ConnectionResult(ConnectionOutcome Outcome, int? CloseCode, bool ReachedReady, string Reason, bool AfterInvalidSession = false);
