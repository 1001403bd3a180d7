using System.Collections.Concurrent;
using System.Diagnostics;
using Bot.Core.Answering;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Llm;

/// <summary>The answering spans with an LLM: the extractive steps, then <c>llm</c>, under the caller's span.</summary>
[Integration(TestCategory.Server)]
public sealed class LlmTracingTests : IDisposable
{
    private const string Delist = "when did Russia delist the Taliban?";
    private const string CallerSource = "Bot.Core.Tests.LlmTracing";
    private readonly ActivitySource _caller = new(CallerSource);
    private readonly TempFolder _data = new();

    public void Dispose()
    {
        _caller.Dispose();
        _data.Dispose();
    }

    private async Task<string> AskUnderASpanAsync(Func<ChatCall, FakeReply> script)
    {
        await using var server = new FakeChatServer(script);
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint);
        using var root = _caller.StartActivity("question");
        Assert.NotNull(root);
        await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(Delist), TestTimeout.Token());
        return root.TraceId.ToHexString();
    }

    [Fact]
    public async Task The_llm_span_follows_retrieve_rank_and_compose_under_the_callers_span_and_marks_a_failed_model()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is AnswerTracing.SourceName or CallerSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var good = await AskUnderASpanAsync(call => FakeReply.Text($"“{LlmHost.RussiaDelisted}” [{LlmHost.PassageWith(call, LlmHost.RussiaDelisted)}]"));
        var failed = await AskUnderASpanAsync(_ => FakeReply.Status(503));

        var trace = stopped.Where(a => a.TraceId.ToHexString() == good).ToList();
        var root = Assert.Single(trace, a => a.OperationName == "question");
        var answer = Assert.Single(trace, a => a.OperationName == "answer");
        var llm = Assert.Single(trace, a => a.OperationName == "llm");
        Assert.Equal(root.SpanId, answer.ParentSpanId);
        Assert.Equal(root.SpanId, llm.ParentSpanId);
        Assert.All(trace.Where(a => a.OperationName is "retrieve" or "rank" or "compose"), a => Assert.Equal(answer.SpanId, a.ParentSpanId));
        Assert.Equal(3, trace.Count(a => a.OperationName is "retrieve" or "rank" or "compose"));
        Assert.True(answer.StartTimeUtc + answer.Duration <= llm.StartTimeUtc, "the model is asked after the extractive steps");
        Assert.Equal(ActivityKind.Client, llm.Kind);
        Assert.NotNull(llm.GetTagItem("gen_ai.request.model"));
        Assert.Equal(ActivityStatusCode.Unset, llm.Status);

        var failedLlm = Assert.Single(stopped, a => a.TraceId.ToHexString() == failed && a.OperationName == "llm");
        Assert.Equal(ActivityStatusCode.Error, failedLlm.Status);
    }
}
