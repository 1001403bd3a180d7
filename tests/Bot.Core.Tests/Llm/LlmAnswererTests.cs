using System.Diagnostics;
using Bot.Core.Answering;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Llm;

/// <summary>The LLM answerer against a loopback fake OpenAI-compatible endpoint with scripted replies.</summary>
[Integration(TestCategory.Server)]
public sealed class LlmAnswererTests : IDisposable
{
    private const string Delist = "when did Russia delist the Taliban?";
    private static readonly string SeedText = File.ReadAllText(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"));
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static string Faithful(ChatCall call) =>
        $"Russia’s Supreme Court delisted them in April: “{LlmHost.RussiaDelisted}” [{LlmHost.PassageWith(call, LlmHost.RussiaDelisted)}]";

    private async Task<(Answer Answer, FakeChatServer Server)> AskAsync(Func<ChatCall, FakeReply> script, AskRequest? request = null,
        IDictionary<string, string?>? settings = null)
    {
        var server = new FakeChatServer(script);
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint, settings);
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(request ?? new AskRequest(Delist), TestTimeout.Token());
        await server.DisposeAsync();
        return (answer, server);
    }

    private static void AssertExactOffsets(Answer answer)
    {
        foreach (var q in answer.Quotes) Assert.Equal(q.Text, SeedText[q.Start..q.End]);
    }

    [Fact]
    public async Task Faithful_answer_keeps_its_verbatim_quote_with_exact_file_offsets()
    {
        var (answer, server) = await AskAsync(call => FakeReply.Text(Faithful(call)));
        Assert.True(answer.Answered);
        Assert.Null(answer.Note);
        var quote = Assert.Single(answer.Quotes);
        Assert.Equal(LlmHost.RussiaDelisted, quote.Text);
        Assert.Equal(7, quote.Paragraph);
        AssertExactOffsets(answer);
        Assert.EndsWith("[1]", answer.Text, StringComparison.Ordinal);
        Assert.Equal(Delist, answer.Question);
        Assert.False(Assert.Single(server.Calls).Stream);
    }

    [Fact]
    public async Task Quote_with_straight_quote_marks_and_extra_spaces_still_verifies()
    {
        var sloppy = "Russia’s   Supreme Court removed the Taliban from its list of terrorist organisations".Replace('’', '\'');
        var (answer, _) = await AskAsync(call => FakeReply.Text($"\"{sloppy}\" [{LlmHost.PassageWith(call, LlmHost.RussiaDelisted)}]."));
        Assert.True(answer.Answered);
        Assert.Null(answer.Note);
        Assert.Equal("Russia’s Supreme Court removed the Taliban from its list of terrorist organisations", Assert.Single(answer.Quotes).Text);
        AssertExactOffsets(answer);
    }

    [Fact]
    public async Task Paraphrased_quote_is_replaced_by_the_verbatim_source_sentence()
    {
        var (answer, _) = await AskAsync(call =>
            FakeReply.Text($"“Russia's Supreme Court took the Taliban off its list of terrorist organisations in April.” [{LlmHost.PassageWith(call, LlmHost.RussiaDelisted)}]"));
        Assert.True(answer.Answered);
        Assert.Equal(LlmHost.RussiaDelisted, Assert.Single(answer.Quotes).Text);
        Assert.Contains(LlmHost.RussiaDelisted, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("took the Taliban off", answer.Text, StringComparison.Ordinal);
        Assert.Contains("1 quote repaired", answer.Note, StringComparison.Ordinal);
        AssertExactOffsets(answer);
    }

    [Fact]
    public async Task Invented_quote_is_dropped_with_its_sentence_and_counted()
    {
        var (answer, _) = await AskAsync(call => FakeReply.Text(
            Faithful(call) + " Moscow also said: “We will open an embassy on the Moon next year.” [1]"));
        Assert.True(answer.Answered);
        Assert.Single(answer.Quotes);
        Assert.DoesNotContain("Moon", answer.Text, StringComparison.Ordinal);
        Assert.Contains("1 unverifiable quote dropped", answer.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_with_only_invented_quotes_falls_back_to_the_extractive_answer_with_a_note()
    {
        var (answer, _) = await AskAsync(_ => FakeReply.Text("“The Kremlin delisted the Taliban on the Moon.” [1]"));
        Assert.True(answer.Answered);
        Assert.Null(answer.Text);
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Contains("could not be verified", answer.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_to_passage_9_of_3_is_removed_and_only_cited_sources_are_listed()
    {
        var (answer, server) = await AskAsync(
            call => FakeReply.Text(Faithful(call) + " Russia also moved its embassy [9]."),
            settings: new Dictionary<string, string?> { ["Bot:Llm:MaxPassages"] = "3" });
        Assert.Equal(3, LlmHost.PassageCount(Assert.Single(server.Calls)));
        Assert.True(answer.Answered);
        Assert.Single(answer.Quotes);
        Assert.DoesNotContain("[9]", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("embassy", answer.Text, StringComparison.Ordinal);
        Assert.Contains("1 citation to no passage removed", answer.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_up_is_condensed_with_the_recent_turns_before_retrieval()
    {
        var history = new[] { new ChatTurn(Delist, $"“{LlmHost.RussiaDelisted}” [1]") };
        var (answer, server) = await AskAsync(
            call => call.IsCondense
                ? FakeReply.Text("When did Russia blacklist the Taliban as terrorists?")
                : LlmHost.PassageWith(call, LlmHost.RussiaBlacklisted) is > 0 and var n
                    ? FakeReply.Text($"“{LlmHost.RussiaBlacklisted}” [{n}]")
                    : FakeReply.Text("Not found in the sources."),
            new AskRequest("and when did they blacklist them?", History: history));
        var calls = server.Calls.ToList();
        Assert.Equal(2, calls.Count);
        Assert.True(calls[0].IsCondense);
        Assert.Contains(Delist, calls[0].User, StringComparison.Ordinal);
        Assert.Contains("Question: When did Russia blacklist the Taliban as terrorists?", calls[1].User, StringComparison.Ordinal);
        Assert.True(answer.Answered);
        Assert.Equal("and when did they blacklist them?", answer.Question);
        Assert.Equal(LlmHost.RussiaBlacklisted, Assert.Single(answer.Quotes).Text);
    }

    [Fact]
    public async Task Failed_condense_falls_back_to_the_extractive_answer_of_the_question_as_asked()
    {
        var history = new[] { new ChatTurn("who praised the step?", "Afghanistan’s Foreign Minister.") };
        var (answer, server) = await AskAsync(call => call.IsCondense ? FakeReply.Status(500) : FakeReply.Text(Faithful(call)), new AskRequest(Delist, History: history));
        Assert.All(server.Calls, c => Assert.True(c.IsCondense));
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal("LLM unavailable (HTTP 500); extractive answer.", answer.Note);
    }

    [Fact]
    public async Task Not_found_reply_gives_a_not_found_answer()
    {
        var (answer, _) = await AskAsync(_ => FakeReply.Text("Not found in the sources."), new AskRequest("What is the capital of Australia?"));
        Assert.False(answer.Answered);
        Assert.Empty(answer.Quotes);
    }

    [Fact]
    public async Task Rate_limit_429_is_retried_after_Retry_After_and_then_answers()
    {
        int calls = 0;
        var (answer, server) = await AskAsync(call => Interlocked.Increment(ref calls) == 1 ? FakeReply.Status(429, 0.1) : FakeReply.Text(Faithful(call)));
        Assert.Equal(2, server.Calls.Count);
        Assert.True(answer.Answered);
        Assert.Null(answer.Note);
        Assert.NotNull(answer.Text);
    }

    [Fact]
    public async Task Persistent_429_falls_back_to_the_extractive_answer_with_a_note()
    {
        var (answer, server) = await AskAsync(_ => FakeReply.Status(429, 0.05));
        Assert.Equal(2, server.Calls.Count); // one try plus MaxRetries = 1
        Assert.True(answer.Answered);
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal("LLM unavailable (HTTP 429, rate-limited); extractive answer.", answer.Note);
    }

    [Fact]
    public async Task Server_error_5xx_falls_back_to_the_extractive_answer_with_a_note()
    {
        var (answer, _) = await AskAsync(_ => FakeReply.Status(503));
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal("LLM unavailable (HTTP 503); extractive answer.", answer.Note);
    }

    [Theory]
    // Each attempt times out and the retries run out: two 0.5 s attempts and a ≤ 0.2 s back-off, well inside the budget
    // (1.8 s left too little slack on a loaded CI machine, where the budget ran out first).
    [InlineData("0.5", "4", "timed out")]
    [InlineData("5", "1", "no answer within the 1 s time budget")] // the per-answer budget ends it first
    public async Task Time_out_falls_back_within_the_time_budget(string requestTimeout, string budget, string reason)
    {
        var watch = Stopwatch.StartNew();
        var (answer, _) = await AskAsync(
            call => FakeReply.Delay(TimeSpan.FromSeconds(20), FakeReply.Text(Faithful(call))),
            settings: new Dictionary<string, string?> { ["Bot:Llm:RequestTimeoutSeconds"] = requestTimeout, ["Bot:Llm:TimeBudgetSeconds"] = budget });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal($"LLM unavailable ({reason}); extractive answer.", answer.Note);
    }

    [Fact]
    public async Task Malformed_json_falls_back_to_the_extractive_answer_with_a_note()
    {
        var (answer, _) = await AskAsync(_ => FakeReply.Raw("{\"choices\": [ {\"message\": "));
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal("LLM unavailable (malformed reply); extractive answer.", answer.Note);
    }

    [Fact]
    public async Task Dead_endpoint_falls_back_to_the_extractive_answer_with_a_note()
    {
        using var dead = new DeadPort();
        var endpoint = $"http://127.0.0.1:{dead.Port}/v1";
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, endpoint);
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(Delist), TestTimeout.Token());
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
        Assert.Equal("LLM unavailable (endpoint unreachable); extractive answer.", answer.Note);
    }

    [Fact]
    public async Task Mode_off_answers_extractively_without_calling_the_configured_endpoint()
    {
        var (answer, server) = await AskAsync(call => FakeReply.Text(Faithful(call)), settings: new Dictionary<string, string?> { ["Bot:Llm:Mode"] = "Off" });
        Assert.Empty(server.Calls);
        Assert.Null(answer.Text);
        Assert.Equal(LlmHost.RussiaDelisted, answer.Quotes[0].Text);
    }

    [Fact]
    public async Task Streaming_yields_draft_deltas_then_one_verified_answer()
    {
        await using var server = new FakeChatServer(call => FakeReply.Text(Faithful(call) + " “The Moon is Russian.” [2]"));
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint);
        var updates = new List<AnswerUpdate>();
        await foreach (var u in services.GetRequiredService<IStreamingAnswerer>().AskStreamingAsync(new AskRequest(Delist), TestTimeout.Token())) updates.Add(u);
        Assert.True(updates.Count > 3);
        Assert.All(updates[..^1], u => Assert.Null(u.Final));
        var draft = string.Concat(updates.Select(u => u.Draft));
        Assert.Contains("Moon", draft, StringComparison.Ordinal);
        var final = updates[^1].Final!;
        Assert.True(Assert.Single(server.Calls).Stream);
        Assert.DoesNotContain("Moon", final.Text, StringComparison.Ordinal);
        Assert.Single(final.Quotes);
        AssertExactOffsets(final);
    }

    [Fact]
    public async Task Streaming_failure_ends_with_the_extractive_answer()
    {
        await using var server = new FakeChatServer(_ => FakeReply.Status(500));
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint);
        var updates = new List<AnswerUpdate>();
        await foreach (var u in services.GetRequiredService<IStreamingAnswerer>().AskStreamingAsync(new AskRequest(Delist), TestTimeout.Token())) updates.Add(u);
        var final = Assert.Single(updates).Final!;
        Assert.Equal("LLM unavailable (HTTP 500); extractive answer.", final.Note);
    }

    [Fact]
    public async Task Malformed_stream_ends_with_the_extractive_answer_and_no_unverified_text()
    {
        const string Sse = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"“Invented\"}}]}\n\ndata: {not json\n\n";
        await using var server = new FakeChatServer(_ => FakeReply.Raw(Sse, "text/event-stream"));
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint);
        var updates = new List<AnswerUpdate>();
        await foreach (var u in services.GetRequiredService<IStreamingAnswerer>().AskStreamingAsync(new AskRequest(Delist), TestTimeout.Token())) updates.Add(u);
        var final = updates[^1].Final!;
        Assert.Equal(LlmHost.RussiaDelisted, final.Quotes[0].Text);
        Assert.Null(final.Text);
        Assert.StartsWith("LLM unavailable (", final.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Small_context_window_trims_the_passages_to_fit()
    {
        var (_, wide) = await AskAsync(_ => FakeReply.Text("Not found in the sources."));
        var (_, narrow) = await AskAsync(_ => FakeReply.Text("Not found in the sources."),
            settings: new Dictionary<string, string?> { ["Bot:Llm:ContextWindowTokens"] = "1200" });
        int wideCount = LlmHost.PassageCount(Assert.Single(wide.Calls));
        int narrowCount = LlmHost.PassageCount(Assert.Single(narrow.Calls));
        Assert.True(narrowCount >= 1 && narrowCount < wideCount, $"{narrowCount} vs {wideCount}");
        var prompt = Assert.Single(narrow.Calls).System + Assert.Single(narrow.Calls).User;
        Assert.True(Bot.Core.Chunking.TokenCounter.Count(prompt) + 700 <= 1200);
    }

    [Fact]
    public async Task Api_key_is_sent_as_a_bearer_token_but_never_logged()
    {
        const string Key = "sk-test-SECRET-0123456789";
        var logs = new RecordingLoggerProvider();
        await using var server = new FakeChatServer(_ => FakeReply.Status(429, 0));
        await using (var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.Endpoint, new Dictionary<string, string?> { ["Bot:Llm:ApiKey"] = Key }, logs))
        {
            await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(Delist), TestTimeout.Token());
        }
        Assert.Equal($"Bearer {Key}", server.Calls.First().Headers["Authorization"]);
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Azure_deployment_uses_the_deployment_url_and_api_key_header()
    {
        await using var server = new FakeChatServer(call => FakeReply.Text(Faithful(call)));
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, server.BaseUri.ToString(), new Dictionary<string, string?>
        {
            ["Bot:Llm:Model"] = null,
            ["Bot:Llm:Deployment"] = "gpt4o-answers",
            ["Bot:Llm:ApiVersion"] = "2024-10-21",
            ["Bot:Llm:ApiKey"] = "azure-key",
        });
        var answer = await services.GetRequiredService<IAnswerer>().AskAsync(new AskRequest(Delist), TestTimeout.Token());
        var call = Assert.Single(server.Calls);
        Assert.Equal("/openai/deployments/gpt4o-answers/chat/completions", call.Path);
        Assert.Equal("azure-key", call.Headers["api-key"]);
        Assert.Contains("\"max_tokens\":700", call.Body, StringComparison.Ordinal); // as the Azure connector sent it
        Assert.DoesNotContain("max_completion_tokens", call.Body, StringComparison.Ordinal);
        Assert.True(answer.Answered);
        Assert.Null(answer.Note);
    }

    [Fact]
    public async Task Invalid_configuration_is_reported_at_start_naming_the_setting()
    {
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, "not a url", new Dictionary<string, string?> { ["Bot:Llm:Model"] = null });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IAnswerer>());
        Assert.Contains("Bot:Llm:Endpoint must be an absolute http(s) URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:Llm:Model is not set", e.Message, StringComparison.Ordinal);
    }
}
