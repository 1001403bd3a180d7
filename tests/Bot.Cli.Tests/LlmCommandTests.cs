using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>`bot ask --llm` and `bot chat` as a user runs them, against a loopback fake OpenAI-compatible endpoint.</summary>
[Integration(TestCategory.Process, TestCategory.Server, TestCategory.Model)]
public sealed partial class LlmCommandTests : IDisposable
{
    private const string Delisted = "In April, Russia’s Supreme Court removed the Taliban from its list of terrorist organisations.";
    private const string Blacklisted = "In 2003, Russia blacklisted the Taliban as terrorists, citing links to rebels in the North Caucasus.";
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public LlmCommandTests()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }

    private Task<BotProcess.Result> Bot(string? endpoint, string stdin, params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            ["Bot__Llm__MaxRetries"] = "0",
            ["Bot__Llm__TimeBudgetSeconds"] = "10",
        };
        if (endpoint is not null)
        {
            env["Bot__Llm__Endpoint"] = endpoint;
            env["Bot__Llm__Model"] = "fake-model";
            env["Bot__Llm__ApiKey"] = "sk-cli-SECRET";
        }
        return BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), stdin, env);
    }

    // Answers the question in the prompt from the passage that holds the sentence it should quote.
    private static FakeReply Script(ChatCall call)
    {
        if (call.IsCondense) return FakeReply.Text("When did Russia blacklist the Taliban?");
        var sentence = call.User.Contains("Question: when did Russia delist", StringComparison.OrdinalIgnoreCase) ? Delisted
            : call.User.Contains("Question: When did Russia blacklist", StringComparison.Ordinal) ? Blacklisted
            : null;
        int n = sentence is null ? 0 : PassageWith(call.User, sentence);
        return n == 0 ? FakeReply.Text("Not found in the sources.") : FakeReply.Text($"They did: “{sentence}” [{n}]");
    }

    private static int PassageWith(string user, string text)
    {
        foreach (Match m in PassagePattern().Matches(user))
        {
            if (m.Groups[2].Value.Contains(text, StringComparison.Ordinal)) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    [GeneratedRegex("<passage n=\"(\\d+)\"[^>]*>\\n(.*?)\\n</passage>", RegexOptions.Singleline)]
    private static partial Regex PassagePattern();

    [Fact]
    public async Task Ask_llm_json_prints_the_verified_answer_with_exact_offsets()
    {
        await using var server = new FakeChatServer(Script);
        var r = await Bot(server.Endpoint, "", "ask", "--llm", "--json", "when did Russia delist the Taliban?");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.Equal($"They did: “{Delisted}” [1]", root.GetProperty("text").GetString());
        Assert.False(root.TryGetProperty("note", out _));
        var q = Assert.Single(root.GetProperty("quotes").EnumerateArray());
        Assert.Equal(Delisted, q.GetProperty("text").GetString());
        var file = File.ReadAllText(Path.Combine(_seeds.Path, "russia.txt"));
        Assert.Equal(Delisted, file[q.GetProperty("start").GetInt32()..q.GetProperty("end").GetInt32()]);
        Assert.Single(server.Calls);
        Assert.DoesNotContain("sk-cli-SECRET", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_no_llm_answers_extractively_without_calling_the_endpoint()
    {
        await using var server = new FakeChatServer(Script);
        var r = await Bot(server.Endpoint, "", "ask", "--no-llm", "--json", "when did Russia delist the Taliban?");
        Assert.Equal(0, r.ExitCode);
        Assert.Empty(server.Calls);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.False(json.RootElement.TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Ask_llm_without_configuration_is_a_usage_error_naming_the_setting()
    {
        var r = await Bot(null, "", "ask", "--llm", "when did Russia delist the Taliban?");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Bot:Llm:Endpoint", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_a_dead_endpoint_answers_extractively_with_a_note()
    {
        using var dead = new DeadPort();
        var r = await Bot($"http://127.0.0.1:{dead.Port}/v1", "", "ask", "--json", "when did Russia delist the Taliban?");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("LLM unavailable (endpoint unreachable); extractive answer.", json.RootElement.GetProperty("note").GetString());
        Assert.Equal(Delisted, json.RootElement.GetProperty("quotes")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Chat_streams_a_draft_then_the_verified_answer_and_follow_ups_use_the_conversation_until_new()
    {
        await using var server = new FakeChatServer(Script);
        var r = await Bot(server.Endpoint,
            "when did Russia delist the Taliban?\nand when did they blacklist them?\n/new\nand when did they blacklist them?\n/quit\n", "chat");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var calls = server.Calls.ToList();
        Assert.Equal(4, calls.Count); // answer; condense + answer; answer (no history after /new)
        Assert.All(calls.Where(c => !c.IsCondense), c => Assert.True(c.Stream));
        Assert.True(calls[1].IsCondense);
        Assert.Contains("when did Russia delist the Taliban?", calls[1].User, StringComparison.Ordinal);
        Assert.False(calls[3].IsCondense);

        Assert.Contains("draft (unverified): They did:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"> {Delisted}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"> {Blacklisted}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("New conversation.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not found in the sources.", r.Stdout[r.Stdout.IndexOf("New conversation.", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }
}
