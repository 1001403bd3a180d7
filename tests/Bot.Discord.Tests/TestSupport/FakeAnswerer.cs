using System.Collections.Concurrent;
using Bot.Core.Answering;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>Answers "Answer to: {question}" (or what a test sets), after an optional delay; records the requests.</summary>
public sealed class FakeAnswerer : IAnswerer
{
    public TimeSpan Delay { get; set; }

    public Func<AskRequest, Answer>? Respond { get; set; }

    public ConcurrentQueue<AskRequest> Requests { get; } = new();

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Enqueue(request);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        if (Respond is not null) return Respond(request);
        return new Answer(request.Question, true,
            [new Quote($"Answer to: {request.Question}", "Test document", "doc.txt", 3, 0, 10, 1.0, "https://example.org/doc")], []);
    }
}
