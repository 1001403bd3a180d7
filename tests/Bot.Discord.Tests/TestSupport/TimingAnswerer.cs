using System.Collections.Concurrent;
using System.Diagnostics;
using Bot.Core.Answering;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>Wraps the real answerer and records how long each answer took, to separate answer time from Discord overhead.</summary>
public sealed class TimingAnswerer(IAnswerer inner) : IAnswerer
{
    public ConcurrentQueue<(string Question, TimeSpan Took)> Timings { get; } = new();

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = Stopwatch.GetTimestamp();
        var answer = await inner.AskAsync(request, cancellationToken);
        Timings.Enqueue((request.Question, Stopwatch.GetElapsedTime(start)));
        return answer;
    }
}
