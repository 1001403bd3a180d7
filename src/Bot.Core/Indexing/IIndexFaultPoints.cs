namespace Bot.Core.Indexing;

/// <summary>
/// Fault injection for the index stores: each store calls <see cref="Reached"/> at every <see cref="IndexFaultPoint"/>.
/// Production registers <see cref="NoIndexFaultPoints"/>; crash-safety tests register one that blocks (so the test can
/// SIGKILL the process at an exact place) or throws.
/// </summary>
public interface IIndexFaultPoints
{
    /// <summary>Called synchronously on the writing thread, so an implementation can stop the write right there.</summary>
    void Reached(IndexFaultPoint point);
}
