using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.DependencyInjection;
using Bot.Core.Llm;
using Bot.Core.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Llm;

public sealed class LlmConfigurationTests
{
    private static readonly string Prompts = Path.Combine(RepoPaths.Root, "prompts");

    [Fact]
    public void Prompt_templates_load_from_the_prompts_folder_with_their_token_reserve()
    {
        var library = new PromptLibrary(Prompts);
        Assert.Equal("Answer", library.Answer.Function.Name);
        Assert.Equal("Condense", library.Condense.Function.Name);
        Assert.Equal(700, library.Answer.MaxTokens);
        Assert.Contains("{{$passages}}", library.Answer.Template, StringComparison.Ordinal);
        Assert.Contains("{{$history}}", library.Condense.Template, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_configured_is_valid_and_leaves_the_extractive_answerer_in_place()
    {
        Assert.Empty(LlmOptionsValidator.GetErrors(new LlmOptions()));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:SeedsPath"] = "s", ["Bot:DataPath"] = "d" }).Build();
        using var services = new ServiceCollection().AddLogging().AddBotCore(configuration).AddLlmAnswering(configuration).BuildServiceProvider();
        Assert.IsType<ExtractiveAnswerer>(services.GetRequiredService<IAnswerer>());
        Assert.Null(services.GetService<IStreamingAnswerer>());
        Assert.NotNull(services.GetService<Bot.Core.Conversations.IConversationStore>());
    }

    [Fact]
    public void Half_done_configuration_is_named()
    {
        var errors = LlmOptionsValidator.GetErrors(new LlmOptions { Model = "gpt-4o-mini", ApiKey = "sk-secret" });
        Assert.Contains(errors, e => e.Contains("Bot:Llm:Endpoint is not set", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("sk-secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ContextWindowTokens", "10")]
    [InlineData("TimeBudgetSeconds", "0")]
    [InlineData("MaxRetries", "-1")]
    [InlineData("PromptsPath", "/nonexistent/prompts")]
    public void Out_of_range_settings_are_named(string key, string value)
    {
        var options = new LlmOptions { Endpoint = "http://127.0.0.1:1/v1", Model = "m", PromptsPath = Prompts };
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build().Bind(options);
        Assert.Contains(LlmOptionsValidator.GetErrors(options), e => e.Contains($"Bot:Llm:{key}", StringComparison.Ordinal));
    }
}
