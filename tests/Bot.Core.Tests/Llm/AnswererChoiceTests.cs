using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Configuration;
using Bot.Core.Llm;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Llm;

/// <summary>Which answerer answers (decided once, by <see cref="AnswererChoice"/>), the <see cref="IChatClient"/> seam, and the decorator.</summary>
public sealed class AnswererChoiceTests : IDisposable
{
    private const string Delist = "when did Russia delist the Taliban?";
    private const string Bridge = "The bridge opened to traffic in 1932.";
    private static readonly string Prompts = Path.Combine(RepoPaths.Root, "prompts");
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(LlmMode.Auto, false, false, false)]
    [InlineData(LlmMode.Auto, true, false, true)]
    [InlineData(LlmMode.Auto, false, true, true)]
    [InlineData(LlmMode.Off, true, true, false)]
    [InlineData(LlmMode.On, true, false, true)]
    [InlineData(LlmMode.On, false, true, true)]
    public void Mode_and_an_available_chat_model_decide_whether_the_llm_answers(LlmMode mode, bool endpoint, bool registered, bool expected)
    {
        var options = new LlmOptions { Mode = mode, Endpoint = endpoint ? "http://127.0.0.1:1/v1" : null };
        Assert.Equal(expected, AnswererChoice.UsesLlm(options, registered));
    }

    [Fact]
    public void Mode_on_without_any_chat_model_is_a_configuration_error_naming_the_endpoint_setting()
    {
        var e = Assert.Throws<OptionsValidationException>(() => AnswererChoice.UsesLlm(new LlmOptions { Mode = LlmMode.On }, chatClientRegistered: false));
        Assert.Contains("Bot:Llm:Endpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_mode_is_a_configuration_error_listing_the_allowed_values()
    {
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, endpoint: null, new Dictionary<string, string?> { ["Bot:Llm:Mode"] = "sometimes" });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IAnswerer>());
        Assert.Contains("Bot:Llm:Mode has an unknown value 'sometimes'; allowed values: auto, on, off.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_client_registered_by_the_application_is_the_one_the_llm_answerer_calls()
    {
        using var client = new FakeChatClient(user => user.Contains(LlmHost.RussiaDelisted, StringComparison.Ordinal)
            ? $"“{LlmHost.RussiaDelisted}” [1]"
            : Answer.NotFoundText);
        // No endpoint at all: the registered client is the chat model.
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, endpoint: null,
            new Dictionary<string, string?> { ["Bot:Llm:PromptsPath"] = Prompts, ["Bot:Llm:MaxPassages"] = "40" },
            more: s => s.AddSingleton<IChatClient>(client));

        var answerer = services.GetRequiredService<IAnswerer>();
        Assert.IsType<LlmAnswerer>(answerer);
        Assert.Same(answerer, services.GetRequiredService<IStreamingAnswerer>());
        var answer = await answerer.AskAsync(new AskRequest(Delist), TestTimeout.Token());

        Assert.Single(client.Calls);
        Assert.True(answer.Answered);
        Assert.Null(answer.Note);
        Assert.Equal(LlmHost.RussiaDelisted, Assert.Single(answer.Quotes).Text);
        Assert.EndsWith("[1]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode_off_leaves_a_registered_chat_client_unused()
    {
        using var client = new FakeChatClient(_ => Answer.NotFoundText);
        await using var services = await LlmHost.CreateAsync(RepoPaths.Seeds, _data.Path, endpoint: null,
            new Dictionary<string, string?> { ["Bot:Llm:Mode"] = "Off" }, more: s => s.AddSingleton<IChatClient>(client));
        var answerer = services.GetRequiredService<IAnswerer>();
        Assert.IsType<ExtractiveAnswerer>(answerer);
        Assert.Null(services.GetService<IStreamingAnswerer>());
        Assert.True((await answerer.AskAsync(new AskRequest(Delist), TestTimeout.Token())).Answered);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task Llm_answerer_wraps_any_answerer_that_reports_its_passages()
    {
        var inner = new FakeTracingAnswerer("Work began in 1923. " + Bridge);
        using var client = new FakeChatClient(_ => $"It opened in 1932: “{Bridge}” [1]");
        var answer = await Decorate(inner, client).AskAsync(new AskRequest("when did the bridge open?"), TestTimeout.Token());

        Assert.Equal(1, inner.Asked);
        var call = Assert.Single(client.Calls);
        Assert.Contains(Bridge, call, StringComparison.Ordinal); // the model read the inner answerer's passage
        var quote = Assert.Single(answer.Quotes);
        Assert.Equal(Bridge, quote.Text);
        Assert.Equal("bridge.txt", quote.Path);
        Assert.Equal(inner.Passage.Start + "Work began in 1923. ".Length, quote.Start); // offsets into the inner answerer's passage
        Assert.Null(answer.Note);
    }

    [Fact]
    public async Task Llm_answerer_falls_back_to_the_wrapped_answer_when_the_chat_client_fails()
    {
        var inner = new FakeTracingAnswerer(Bridge);
        using var client = new FakeChatClient(_ => throw new HttpRequestException("connection refused"));
        var answer = await Decorate(inner, client).AskAsync(new AskRequest("when did the bridge open?"), TestTimeout.Token());

        Assert.Equal(Bridge, Assert.Single(answer.Quotes).Text);
        Assert.Equal($"{FakeTracingAnswerer.InnerNote} LLM unavailable (endpoint unreachable); extractive answer.", answer.Note);
    }

    private static LlmAnswerer Decorate(ITracingAnswerer inner, IChatClient client) =>
        new(inner, new QuestionValidator(Options.Create(new BotOptions())), client, Options.Create(new LlmOptions { PromptsPath = Prompts }), NullLogger<LlmAnswerer>.Instance);
}
