using Bot.Core.Indexing;
using Bot.Core.Search.Vectors;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// A thread-safe fake embedding step with <see cref="Concurrency"/> calls allowed at once: the first call waits until a
/// second one has started (so a test sees two calls run at the same time, not one after the other), every call records
/// how many were running, and the call numbered <see cref="CancelOnCall"/> cancels <see cref="Cancel"/> and stops.
/// Vectors are <see cref="CountingEmbeddingGenerator.VectorFor"/> of the text, as float32.
/// </summary>
internal sealed class GatedEmbeddingStep(int concurrency) : IIndexEmbeddingStep
{
    private readonly TaskCompletionSource _secondStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running, _calls, _mostRunning;

    public string ModelKey => "gated-fake:8";

    public VectorEncoding Encoding => VectorEncoding.Float32;

    public int BatchSize => 2;

    public int Concurrency => concurrency;

    public int MostRunning => Volatile.Read(ref _mostRunning);

    public int Calls => Volatile.Read(ref _calls);

    public int? CancelOnCall { get; init; }

    public CancellationTokenSource? Cancel { get; init; }

    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> passages, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        try
        {
            InterlockedMax(ref _mostRunning, running);
            await Task.Yield();
            if (call == CancelOnCall)
            {
                await Cancel!.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (call == 2) _secondStarted.TrySetResult();
            // Only the first call waits (for the second); with one call at a time there is no second to wait for.
            if (call == 1 && concurrency > 1) await _secondStarted.Task.WaitAsync(cancellationToken);
            return passages.Select(p => VectorBlob.Encode(CountingEmbeddingGenerator.VectorFor(p), VectorEncoding.Float32)).ToList();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
