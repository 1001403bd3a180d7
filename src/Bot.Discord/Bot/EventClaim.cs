namespace Bot.Discord.Bot;

/// <summary>What <see cref="IAnsweredEvents.TryClaimAsync"/> found.</summary>
public enum EventClaim
{
    /// <summary>Taken up by this process (first, or from a process that died before it was done): answer it.</summary>
    Taken,

    /// <summary>Done already (by this or another process): skip it.</summary>
    Done,

    /// <summary>Another live process has it and is not done: ask again later (it finishes, or dies and frees it).</summary>
    HeldElsewhere,
}
