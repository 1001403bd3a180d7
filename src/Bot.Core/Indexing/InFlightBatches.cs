namespace Bot.Core.Indexing;

/// <summary>
/// Keeps up to <c>concurrency</c> embedding calls running and hands each finished one, in the order they were started, to
/// one writer, so forward passes run on every core while the store writes the batch before. The writer runs on the
/// caller's flow, one batch at a time: each batch is still its own store transaction, and a run stopped or killed keeps
/// every batch written before. On failure or cancellation the calls still running are waited for (their results dropped)
/// before the error goes on, so nothing runs on after the run has returned.
/// </summary>
internal sealed class InFlightBatches<TBatch, TResult>(int concurrency, Func<TBatch, TResult, CancellationToken, Task> write)
{
    private readonly int _concurrency = Math.Max(1, concurrency);
    private readonly Queue<(TBatch Batch, Task<TResult> Work)> _running = new();

    /// <summary>
    /// Runs <paramref name="feed"/> (which starts calls with <see cref="AddAsync"/>), then writes every call still running;
    /// on failure or cancellation waits for the calls still running, without writing them, before the error goes on.
    /// </summary>
    public async Task RunAsync(Func<Task> feed, CancellationToken cancellationToken)
    {
        try
        {
            await feed().ConfigureAwait(false);
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds a started call; when as many are running as allowed, waits for the oldest and writes it.</summary>
    public async Task AddAsync(TBatch batch, Task<TResult> work, CancellationToken cancellationToken)
    {
        _running.Enqueue((batch, work));
        if (_running.Count >= _concurrency) await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every call still running, in the order they were started.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_running.Count > 0) await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for every call still running without writing it (after a failure or cancellation).</summary>
    private async Task AbandonAsync()
    {
        var work = _running.Select(r => (Task)r.Work).ToArray();
        _running.Clear();
        await Task.WhenAll(work).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WriteOldestAsync(CancellationToken cancellationToken)
    {
        var (batch, work) = _running.Peek();
        var result = await work.ConfigureAwait(false); // the call itself stops on the token
        _running.Dequeue();
        cancellationToken.ThrowIfCancellationRequested();
        await write(batch, result, cancellationToken).ConfigureAwait(false);
    }
}
