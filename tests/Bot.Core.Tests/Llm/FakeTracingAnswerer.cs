using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Questions;

namespace Bot.Core.Tests.Llm;

/// <summary>An inner answerer that is not the extractive one: one fixed passage, and a fixed answer quoting its first words.</summary>
internal sealed class FakeTracingAnswerer(string passage) : ITracingAnswerer
{
    public const string InnerNote = "inner answer";

    public PassageHit Passage { get; } = new(1, 1, "bridge.txt", "The bridge", null, 1, 100, 100 + passage.Length, 0, 0, passage, 1.0);

    public int Asked { get; private set; }

    public async Task<Answer> AskAsync(AskRequest request, CancellationToken cancellationToken) =>
        (await AskValidatedWithTraceAsync(request, cancellationToken)).Answer;

    public Task<AnswerTrace> AskValidatedWithTraceAsync(AskRequest request, CancellationToken cancellationToken)
    {
        Asked++;
        var quote = new Quote(passage, Passage.Title, Passage.Path, 1, Passage.Start, Passage.End, 0.5);
        var answer = new Answer(request.Question, true, [quote], [], Note: InnerNote, Confidence: 0.5);
        return Task.FromResult(new AnswerTrace(answer, QuestionAnalyzer.Analyze(request.Question), [Passage], []));
    }
}
